"""Production settings plus the throwaway key tests need (DEBUG stays off, as in production)."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
# The test client speaks plain HTTP; production redirects to HTTPS behind its proxy.
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
# A rolled-back test transaction never bumps the content version the page cache is keyed on;
# tests/cache turns the cache on in committed transactions.
os.environ.setdefault("PAGE_CACHE_SECONDS", "0")

from archive.settings import *  # noqa: F403

# Tests do not run collectstatic, so pages link to unhashed static files.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Pages read the content version on every request, so that query counts do not depend on
# whether another request of the same test happened within the last second (tests/cache sets
# its own).
PAGE_CACHE_VERSION_SECONDS = 0

# Hashing a password the production way takes most of a second; tests log in hundreds of times
# (Django's testing docs recommend a fast hasher). Production keeps Django's default.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
