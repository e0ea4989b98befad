"""What librarians do beyond typing in a field, each in one tracked transaction
(``archive.changes``): renames that keep old links working (``renames``), merges and their
undoing (``merges``), splits (``splits``), the history of every change with its values
(``history``), the review queue's reasons (``review``), and what counts as a change at all
(``values``).
"""
