"""Development tooling, not the product: the benchmark (``benchmark``) and the generator of
large synthetic corpora it measures (``corpus``), with their ``manage.py benchmark`` and
``manage.py generate_corpus`` commands.

A Django app only so that those commands are found; it is not packaged (pyproject includes
``archive*`` alone) nor copied into the image, and ``archive.settings`` installs it only when
it is importable, that is in a development checkout.
"""
