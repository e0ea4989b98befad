"""The archive for readers and machines to reuse: the JSON API (``api``) and its OpenAPI
document (``openapi``), Atom feeds (``feeds``), sitemaps (``sitemaps``), citations in every
format (``citations``), the statement record shape all exports share (``records``), its CSV
rows (``csv_rows``), the CSV and dataset downloads (``downloads``) and the bulk dataset
(``dataset``).
"""
