"""The OpenAPI 3.1 document of ``/api/``, served at ``/api/openapi.json``.

Written as data, except the query parameters of the filtered lists, which are read from the
FilterSets the API itself applies, and the records' schemas, which are read from the shapes
the API builds its answers with (``archive.reuse.records``), so the document cannot drift
from either. The response schemas forbid unknown properties: the test suite checks real
answers against them.
"""

from __future__ import annotations

import django_filters

from archive.reuse import records
from archive.reuse.shapes import DATE, SLUG, STRING, closed_object
from archive.site.filters import MAX_LENGTH, MAX_YEAR, MIN_YEAR, EventFilter, StatementFilter

VERSION = "1.0.0"
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


# The records' schemas come from their declarations (``archive.reuse.records``).
SCHEMAS = {
    "Statement": records.STATEMENT.schema(),
    "Event": records.EVENT.schema(),
    "Speaker": records.SPEAKER.schema(),
    "Organisation": records.ORGANISATION.schema(),
    "Country": records.COUNTRY.schema(),
    "Problem": {
        "type": "object",
        "description": "RFC 9457 problem details; `problems` lists every fault, in words.",
        "properties": {
            "type": STRING,
            "title": STRING,
            "status": {"type": "integer"},
            "detail": STRING,
            "problems": {"type": "array", "items": STRING},
        },
        "required": ["title", "status", "detail", "problems"],
    },
}
SCHEMAS["EventDetail"] = records.EVENT_DETAIL.schema()
SCHEMAS["SpeakerDetail"] = records.SPEAKER_DETAIL.schema()
for _name in ("Statement", "Event", "Speaker", "Organisation", "Country"):
    SCHEMAS[f"{_name}Page"] = closed_object(
        {
            "count": {"type": "integer", "minimum": 0},
            "next": {"type": ["string", "null"], "format": "uri"},
            "previous": {"type": ["string", "null"], "format": "uri"},
            "results": {"type": "array", "items": {"$ref": f"#/components/schemas/{_name}"}},
        }
    )

# What each list parameter means; its schema comes from the filter itself.
PARAMETER_DESCRIPTIONS = {
    "organisation": "Organisation code (CSTO, SCO, CICA, OSCE): statements made at its events "
    "or naming it. Repeat the parameter for several (any of them).",
    "own": "With `organisation`: `1` keeps the statements made at its own meetings (held under "
    "its aegis), `0` those that name it elsewhere. Every statement linked to an organisation "
    "is one or the other.",
    "mentioned_country": "ISO 3166 alpha-2 code of a country the statement names. Repeatable.",
    "country": "ISO 3166 alpha-2 code of the speaker's country (RU, KZ…). Repeatable.",
    "event_country": "ISO 3166 alpha-2 code of the country the event took place in. Repeatable.",
    "speaker": "A speaker's slug (serguei-lavrov). Repeatable.",
    "kind": "Kind of statement. Repeatable.",
    "year": "Year of the statement.",
    "date_from": "Earliest date, YYYY-MM-DD (inclusive), from 1900-01-01 to 2100-12-31.",
    "date_to": "Latest date, YYYY-MM-DD (inclusive), from 1900-01-01 to 2100-12-31.",
    "q": "Words to search in the text, the question, the speaker's name and the event's title, "
    "in French: plurals, accents, ligatures and the other spellings the archive knows of a "
    "name (Putin and Poutine, CSTO and OTSC) do not matter; a place finds the statements made "
    'there; quotes search a phrase, OR accepts either word, a minus excludes a word (`"sécurité '
    'collective" OR otan -vaccin`); exclusions alone list everything else.',
    "sort": "Order: `relevance` (default with `q`), `-date` (newest first, default without `q`) "
    "or `date`.",
}
EVENT_PARAMETER_DESCRIPTIONS = {
    "organisation": "Organisation code (CSTO, SCO, CICA, OSCE) among the event's. Repeatable.",
    "country": "ISO 3166 alpha-2 code of the country the event took place in. Repeatable.",
    "year": "Year of the event.",
}
PAGE_PARAMETERS = [
    {
        "name": "page",
        "in": "query",
        "description": "Page number, from 1.",
        "schema": {"type": "integer", "minimum": 1, "default": 1},
    },
    {
        "name": "page_size",
        "in": "query",
        "description": f"Results per page, 1 to {MAX_PAGE_SIZE}.",
        "schema": {
            "type": "integer",
            "minimum": 1,
            "maximum": MAX_PAGE_SIZE,
            "default": PAGE_SIZE,
        },
    },
]


def filter_schema(name: str, declared: django_filters.Filter) -> dict:
    """The JSON Schema of one filter's values, read from the filter."""
    if isinstance(declared, django_filters.ModelMultipleChoiceFilter):
        # Codes and slugs of records: any case; an unknown one is a 400 naming it.
        return {"type": "array", "items": {"type": "string", "maxLength": MAX_LENGTH}}
    if isinstance(declared, django_filters.MultipleChoiceFilter):
        return {"type": "array", "items": {"type": "string", "enum": _choices(declared)}}
    if isinstance(declared, django_filters.ChoiceFilter):
        return {"type": "string", "enum": _choices(declared)}
    if isinstance(declared, django_filters.DateFilter):
        return DATE
    if name == "year":
        return {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR}
    return STRING


def _choices(declared) -> list[str]:
    return [str(value) for value, _label in declared.extra["choices"]]


def filter_parameters(filterset_class, descriptions: dict) -> list[dict]:
    parameters = []
    for name, declared in filterset_class.base_filters.items():
        schema = filter_schema(name, declared)
        parameter = {
            "name": name,
            "in": "query",
            "description": descriptions[name],
            "schema": schema,
        }
        if schema.get("type") == "array":
            parameter |= {"style": "form", "explode": True}
        parameters.append(parameter)
    return parameters + PAGE_PARAMETERS


def _json(schema_name: str, description: str) -> dict:
    return {
        "description": description,
        "content": {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}
        },
    }


PROBLEM = {
    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
}
BAD_REQUEST = {"description": "A parameter is wrong; `problems` says which and why.", **PROBLEM}
NOT_FOUND = {"description": "No such public record.", **PROBLEM}
RENAMED = {
    "description": "The record was renamed: `Location` gives its current address.",
    "headers": {"Location": {"schema": STRING}},
}


def _list(tag: str, schema: str, parameters: list, summary: str) -> dict:
    return {
        "get": {
            "tags": [tag],
            "summary": summary,
            "operationId": f"list_{tag}",
            "parameters": parameters,
            "responses": {"200": _json(f"{schema}Page", "One page."), "400": BAD_REQUEST},
        }
    }


def _detail(tag: str, schema: str, key: str, key_schema: dict, summary: str, renamed=False):
    responses = {"200": _json(schema, "The record."), "400": BAD_REQUEST, "404": NOT_FOUND}
    if renamed:
        responses["301"] = RENAMED
    return {
        "get": {
            "tags": [tag],
            "summary": summary,
            "operationId": f"get_{schema.removesuffix('Detail').lower()}",
            "parameters": [{"name": key, "in": "path", "required": True, "schema": key_schema}],
            "responses": responses,
        }
    }


def document() -> dict:
    """The whole OpenAPI document, as a dict ready for ``JsonResponse``."""
    statement_parameters = filter_parameters(StatementFilter, PARAMETER_DESCRIPTIONS)
    event_parameters = filter_parameters(EventFilter, EVENT_PARAMETER_DESCRIPTIONS)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Archive of diplomatic statements",
            "version": VERSION,
            "summary": "Read-only access to French transcripts of what officials said about "
            "the CSTO, the SCO, CICA and the OSCE.",
            "description": "Lists take the same parameters as the site's lists and answer "
            "`{count, next, previous, results}`. Statements have the shape of the "
            "`export_archive` JSON Lines. Every answer allows any origin (CORS). Errors are "
            "RFC 9457 problem documents in the language of `Accept-Language` (French by "
            "default). See also `/statements/export.csv` and `/statements/feed/`, which take "
            "the same parameters, and the whole archive as files (gzipped JSON Lines and CSV, "
            "SQLite) listed in `/data/manifest.json`.",
        },
        "servers": [{"url": "/"}],
        "tags": [
            {"name": name}
            for name in ("statements", "events", "speakers", "organisations", "countries")
        ],
        "paths": {
            "/api/statements/": _list(
                "statements", "Statement", statement_parameters, "Statements, filtered"
            ),
            "/api/statements/{slug}/": _detail(
                "statements", "Statement", "slug", SLUG, "One statement", renamed=True
            ),
            "/api/events/": _list("events", "Event", event_parameters, "Events, filtered"),
            "/api/events/{slug}/": _detail(
                "events", "EventDetail", "slug", SLUG, "One event and its turns", renamed=True
            ),
            "/api/speakers/": _list(
                "speakers", "Speaker", PAGE_PARAMETERS, "Speakers with public statements"
            ),
            "/api/speakers/{slug}/": _detail(
                "speakers", "SpeakerDetail", "slug", SLUG, "One speaker", renamed=True
            ),
            "/api/organisations/": _list(
                "organisations", "Organisation", PAGE_PARAMETERS, "The four organisations"
            ),
            "/api/organisations/{code}/": _detail(
                "organisations",
                "Organisation",
                "code",
                {"type": "string", "pattern": "^[A-Za-z]{2,10}$"},
                "One organisation and its members",
            ),
            "/api/countries/": _list("countries", "Country", PAGE_PARAMETERS, "Countries"),
            "/api/countries/{iso2}/": _detail(
                "countries",
                "Country",
                "iso2",
                {"type": "string", "pattern": "^[A-Za-z]{2}$"},
                "One country and its memberships",
            ),
        },
        "components": {"schemas": SCHEMAS},
    }
