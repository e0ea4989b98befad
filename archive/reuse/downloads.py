"""Downloads: any statement list as CSV on demand, and the bulk dataset's files.

An on-demand CSV is streamed as the database yields it, and capped at
``CSV_EXPORT_MAX_ROWS`` statements: a larger selection gets a 400 that points to the bulk
dataset instead of a download that could be cut off halfway. A stream that does break (a
worker killed, a connection lost) never looks complete: it is sent with HTTP/1.1 chunked
encoding, whose missing last chunk every client reports as an error (docs/DEPLOY.md keeps
the proxy in HTTP/1.1 for that).
"""

from __future__ import annotations

import hashlib
import itertools

from django.conf import settings
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views import View

from archive.models import Statement
from archive.reuse import dataset
from archive.reuse.csv_rows import csv_chunks
from archive.reuse.records import statement_records
from archive.search.query import parse
from archive.site.canonical import BadQuery, apply_filters
from archive.site.filters import DEFAULT_SORT, ORDERINGS, StatementFilter
from archive.site.http import PublicMixin, bad_query_response
from archive.site.problems import cors
from archive.slugs import slugify_fr

DATASET_CACHE_SECONDS = 300


class StatementCsvView(PublicMixin, View):
    """Any statement list as CSV, streamed: rows are written as the database yields them."""

    chunk_size = 2000

    def get(self, request, *args, **kwargs):
        try:
            query, filterset = apply_filters(
                StatementFilter,
                request.GET,
                queryset=Statement.objects.public().order_by(*ORDERINGS[DEFAULT_SORT]),
                allowed=("bom",),
                request=request,
            )
            bom = request.GET.get("bom", "") == "1"
            if request.GET.get("bom", "1") != "1":
                raise BadQuery([_("Use bom=1 to start the file with a byte order mark.")])
            too_many(filterset.qs, request)
        except BadQuery as bad:
            return bad_query_response(request, bad, list_url=reverse("archive:statement_list"))
        chunks = csv_chunks(
            statement_records(filterset.qs, chunk_size=self.chunk_size),
            base_url=request.build_absolute_uri("/").rstrip("/"),
        )
        if bom:  # Excel reads a CSV as UTF-8 (accents and all) only when it starts with one
            chunks = itertools.chain(["\ufeff"], chunks)
        response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
        filename = csv_filename(query.params)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Access-Control-Allow-Origin"] = "*"
        return response


# Cyrillic in a file name, as a reader would spell it in Latin letters ("Путин" -> "putin").
CYRILLIC_LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєўґ"
CYRILLIC_LATIN = (
    "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch  y  e yu ya i yi ye u g"
)
CYRILLIC = str.maketrans(dict(zip(CYRILLIC_LETTERS, CYRILLIC_LATIN.split(" "), strict=True)))


def _query_words(text: str) -> list[str]:
    """A search as a file name says it: the words searched, then 'without-' each excluded
    word (never as if it were searched); a word in no Latin or Cyrillic letters says
    'search'. Stop words, which search ignores, are left out too."""
    query = parse(text)
    words, unreadable = [], False
    terms = [(clause[0], "") for clause in query.clauses]
    terms += [(term, "without") for term in query.excluded]
    for term, prefix in terms:
        slug = slugify_fr(" ".join(term).lower().translate(CYRILLIC), max_length=30)
        if not slug:
            unreadable = True
            continue
        words += [prefix, slug]
    return [*words, "search"] if unreadable else words


def csv_filename(params: dict[str, list[str]]) -> str:
    """What the file holds, in its name: 'statements-csto-2020.csv',
    'statements-csto-meetings-kz-from-2021-01-01.csv', 'statements-vaccin.csv',
    'statements-without-otan.csv', 'statements-putin.csv' (from "Путин")."""
    words = {"own": {"1": "meetings", "0": "named"}, "date_from": "from", "date_to": "to"}
    parts = ["statements"]
    for name, values in params.items():
        if name in ("page", "sort"):
            continue
        for value in values:
            if name == "own":
                parts.append(words["own"].get(value, ""))
            elif name in ("date_from", "date_to"):
                parts += [words[name], value]
            elif name == "q":
                parts += _query_words(value)
            else:
                parts.append(slugify_fr(value, max_length=30))
    stem = "-".join(part for part in parts if part)[:120].rstrip("-")
    return f"{stem}.csv"


def too_many(queryset, request) -> None:
    """A ``BadQuery`` for a selection above the cap; the count stops at the cap plus one."""
    limit = settings.CSV_EXPORT_MAX_ROWS
    if queryset.order_by()[: limit + 1].count() <= limit:
        return
    bulk = request.build_absolute_uri(reverse("dataset_file", kwargs={"name": "statements.csv.gz"}))
    raise BadQuery(
        [
            _(
                "This selection holds more than %(limit)s statements: too many for one CSV "
                "download. Narrow it (a year, an organisation, a country…), or download the "
                "whole archive at once: %(bulk)s"
            )
            % {"limit": f"{limit:,}".replace(",", "\u202f"), "bulk": bulk}
        ]
    )


def dataset_file(request, name):
    """One file of the current bulk dataset release, with validators and CORS."""
    release = dataset.current_release()
    path = release.file(name) if release else None
    if path is None or not path.is_file():
        raise Http404
    entry = next((f for f in release.manifest["files"] if f["name"] == name), None)
    digest = entry["sha256"] if entry else hashlib.sha256(path.read_bytes()).hexdigest()
    built = parse_datetime(release.manifest["built_at"])
    etag = f'"{digest}"'
    response = get_conditional_response(
        request, etag=etag, last_modified=int(built.timestamp()) if built else None
    )
    if response is None:
        media_type = entry["media_type"] if entry else _small_file_type(name)
        response = FileResponse(
            path.open("rb"),
            content_type=media_type,
            as_attachment=entry is not None,
            filename=name,
        )
    response["ETag"] = etag
    if built:
        response["Last-Modified"] = http_date(built.timestamp())
    patch_cache_control(response, public=True, max_age=DATASET_CACHE_SECONDS)
    return cors(response)


def _small_file_type(name: str) -> str:
    if name == dataset.MANIFEST:
        return "application/json"
    return "text/plain; charset=utf-8"
