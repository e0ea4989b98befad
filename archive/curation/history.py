"""The history of every record: who changed what, when, from which value to which.

Librarians' saves and actions, merges, splits and imports all write ``HistoryEntry`` rows
through here. Values are kept as a reader would read them (a speaker's name rather than its
key, dates in ISO form), so the history stays readable after the records it names are gone.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import models

from archive.models import HistoryEntry

Action = HistoryEntry.Action


def shown(value):
    """A value as the history keeps it: JSON-safe and readable."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, models.QuerySet | list | tuple | set):
        return sorted((shown(v) for v in value), key=str)
    return str(value)


def values_of(record: models.Model, names) -> dict:
    """The current values of these fields of a record, as the history keeps them."""
    values = {}
    for name in names:
        field = record._meta.get_field(name)
        if field.many_to_many:
            values[name] = shown(list(getattr(record, name).all())) if record.pk else []
        else:
            values[name] = shown(getattr(record, name))
    return values


def form_changes(form) -> dict[str, list]:
    """``{field: [old, new]}`` for the fields a bound model form really changed."""
    found = {}
    for name in form.changed_data:
        field = form.fields[name]
        old, new = form.initial.get(name), form.cleaned_data.get(name)
        queryset = getattr(field, "queryset", None)
        if queryset is not None and old is not None:
            if isinstance(old, list | tuple):
                old = [
                    o if isinstance(o, models.Model) else queryset.filter(pk=o).first() for o in old
                ]
            elif not isinstance(old, models.Model):
                old = queryset.filter(pk=old).first()
        found[name] = [shown(old), shown(new)]
    return found


def record(
    obj: models.Model,
    *,
    action: str,
    changes: dict | None = None,
    message: str = "",
    user=None,
    import_run=None,
    merge=None,
) -> HistoryEntry:
    """Write one history entry for ``obj``."""
    return HistoryEntry.objects.create(
        **_fields(obj, action, changes, message, user, import_run, merge)
    )


def entry(obj, *, action: str, changes=None, message="", user=None, import_run=None, merge=None):
    """An unsaved entry, for writers that create many at once (``bulk_create``)."""
    return HistoryEntry(**_fields(obj, action, changes, message, user, import_run, merge))


def _fields(obj, action, changes, message, user, import_run, merge) -> dict:
    return {
        "content_type": ContentType.objects.get_for_model(obj),
        "object_id": obj.pk,
        "object_repr": str(obj)[:300],
        "action": action,
        "changes": changes or {},
        "message": message,
        "user": user if user is not None and user.is_authenticated else None,
        "import_run": import_run,
        "merge": merge,
    }


def entries_for(obj: models.Model):
    """A record's history, newest first."""
    return HistoryEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).select_related("user", "import_run", "merge")
