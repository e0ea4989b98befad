"""The public site: its pages (``views``), the filters and canonical URLs of its lists
(``filters``), request-level behaviour (``middleware``), the page cache (``pagecache``), the
health endpoint (``health``), problem documents and CORS shared with the API (``problems``)
and the reader's address behind trusted proxies (``proxy``).
"""
