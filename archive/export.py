"""One statement as a plain dict: the shape of ``export_archive`` lines and of the JSON API."""

from __future__ import annotations

from django.db.models import Prefetch

from archive.models import Source, Statement, StatementOrganisation


def statements_for_export(queryset=None):
    """Statements with everything ``statement_record`` reads, in a fixed number of queries."""
    queryset = Statement.objects.public() if queryset is None else queryset
    return queryset.select_related("speaker__country", "event__country").prefetch_related(
        "event__organisations",
        "mentioned_countries",
        Prefetch(
            "statementorganisation_set",
            queryset=StatementOrganisation.objects.select_related("organisation"),
        ),
        Prefetch("sources", queryset=Source.objects.order_by("imported_at", "path")),
    )


def _iso(value):
    return value.isoformat() if value else None


def statement_record(statement: Statement) -> dict:
    event = statement.event
    speaker = statement.speaker
    sources = list(statement.sources.all())
    source = sources[0] if sources else None
    return {
        "url": statement.get_absolute_url(),
        "kind": statement.kind,
        "date": _iso(statement.date),
        "position": statement.position,
        "text": statement.text,
        "question": statement.question or None,
        "speaker": None
        if speaker is None
        else {
            "name": speaker.name,
            "slug": speaker.slug,
            "country": speaker.country.iso2 if speaker.country else None,
            "role": statement.role,
        },
        "event": {
            "title": event.title,
            "slug": event.slug,
            "date": _iso(event.date),
            "location": event.location,
            "country": event.country.iso2 if event.country else None,
            "organisations": sorted(o.code for o in event.organisations.all()),
        },
        "mentions": {
            "organisations": sorted(
                link.organisation.code
                for link in statement.statementorganisation_set.all()
                if link.via_mention
            ),
            "countries": sorted(c.iso2 for c in statement.mentioned_countries.all()),
        },
        "source": None
        if source is None
        else {"file": source.path, "number": source.number, "urls": source.urls},
    }
