"""What librarians do, each change in one tracked transaction (``archive.changes``): the admin
site (``admin_site``) and its model admins (``admin``), the librarians' group and accounts
(``roles``), renames that keep old links working (``renames``), merges and their undoing
(``merges``), splits (``splits``), the history of every change with its values (``history``),
uploads of new texts (``uploads``), the review queue's reasons (``review``), and what counts as
a change at all (``values``).
"""
