"""Texts added through the admin: uploaded or pasted, previewed, corrected, then imported.

The import is the command's (``archive.loader.batch.upload_import``): the same loader, the
same transaction per source and the same report; a re-upload of a changed text updates its
records in place. What a librarian corrects on the preview is applied right after, in the
same transaction, as their corrections (curated, in the history).
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from archive import changes
from archive.curation import history
from archive.curation.renames import event_reslug, statements_refresh, statements_reslug
from archive.curation.values import clean_text
from archive.ingest.normalise import match_key
from archive.ingest.pipeline import SourceRejected, parse_source
from archive.ingest.records import ParsedSource
from archive.loader.batch import Upload, upload_import
from archive.loader.reference import reference_from_db
from archive.models import Event, EventRef, Organisation, Speaker, Statement, StatementRef
from archive.slugs import unique_slug

SAFE_NAME = re.compile(r"[^\w.\-]+")
SUFFIXES = (".txt", ".text", ".md")


def upload_name(raw: str) -> str:
    """A source name from what the librarian gave: a file name, no folders, no control
    characters: "../Réunion OTSC.txt" -> "Réunion_OTSC.txt"."""
    name = SAFE_NAME.sub("_", raw.replace("\\", "/").rsplit("/", 1)[-1]).strip("._")
    if not name:
        name = f"upload-{timezone.now():%Y%m%d-%H%M%S}"
    return name if name.lower().endswith(SUFFIXES) else f"{name}.txt"


class UploadForm(forms.Form):
    """A file or a pasted text, under a name that identifies it for later re-uploads."""

    file = forms.FileField(label=_("File"), required=False)
    text = forms.CharField(
        label=_("Or paste the text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 100}),
    )
    name = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=200,
        help_text=_(
            "How the archive identifies this text (the file's name by default). Upload a "
            "changed text under the same name to update it in place."
        ),
    )

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), data.get("text") or ""
        if upload and text.strip():
            raise forms.ValidationError(_("Give a file or a pasted text, not both."))
        if not upload and not text.strip():
            raise forms.ValidationError(_("Choose a file or paste a text."))
        limit = settings.IMPORT_MAX_BYTES
        size = upload.size if upload else len(text.encode("utf-8"))
        if size > limit:
            raise forms.ValidationError(
                _(
                    "This text is %(size).1f MB; the limit is %(limit).1f MB "
                    "(IMPORT_MAX_BYTES). Split it, or import it with the import_sources command."
                )
                % {"size": size / 1048576, "limit": limit / 1048576}
            )
        data["data"] = upload.read() if upload else text.encode("utf-8")
        data["name"] = upload_name(data.get("name") or (upload.name if upload else ""))
        return data


def encoded(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def decoded(value: str) -> bytes | None:
    try:
        return base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return None


@dataclass
class Preview:
    """A text parsed, for the preview page, or why it cannot be read."""

    parsed: ParsedSource | None
    raw: str
    error: str = ""


def preview(data: bytes, *, name: str) -> Preview:
    reference = reference_from_db(directory=settings.REFERENCE_DIR)
    try:
        parsed = parse_source(data, name=name, reference=reference)
    except SourceRejected as rejected:
        return Preview(None, data.decode("utf-8", errors="replace"), str(rejected))
    return Preview(parsed, data.decode(parsed.encoding, errors="replace"))


class CorrectionsForm(forms.Form):
    """The preview's editable fields: each part's title, date, place, kind and
    organisations, and each turn's speaker and kind, prefilled with what the parser read."""

    data = forms.CharField(widget=forms.HiddenInput)
    name = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, parsed: ParsedSource | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.parts = []
        organisations = [
            (o.code, f"{o.acronym_fr} – {o.name_fr}")
            for o in Organisation.objects.order_by("code")
            if parsed
        ]
        for i, part in enumerate(parsed.parts if parsed else [], start=1):
            fields = {
                f"part{i}_title": forms.CharField(
                    label=_("Title"),
                    initial=part.title,
                    max_length=500,
                    widget=forms.TextInput(attrs={"class": "wide"}),
                ),
                f"part{i}_date": forms.DateField(
                    label=_("Date"), initial=part.date, required=False
                ),
                f"part{i}_location": forms.CharField(
                    label=_("Place"), initial=part.location, required=False, max_length=200
                ),
                f"part{i}_kind": forms.ChoiceField(
                    label=_("Kind"),
                    choices=Event.Kind.choices,
                    initial=part.kind.value,
                ),
                f"part{i}_organisations": forms.MultipleChoiceField(
                    label=_("Organisations"),
                    choices=organisations,
                    initial=sorted(part.organisations),
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                ),
            }
            turns = []
            for j, turn in enumerate(part.turns, start=1):
                speaker, kind = f"part{i}_turn{j}_speaker", f"part{i}_turn{j}_kind"
                fields[speaker] = forms.CharField(
                    label=_("Speaker"),
                    initial=turn.speaker.name if turn.speaker else "",
                    required=False,
                    max_length=200,
                )
                fields[kind] = forms.ChoiceField(
                    label=_("Kind"), choices=Statement.Kind.choices, initial=turn.kind.value
                )
                turns.append((turn, [speaker, kind]))
            self.fields.update(fields)
            self.parts.append((i, part, [k for k in fields if "_turn" not in k], turns))

    def bound_parts(self):
        """For the template: each part with its bound fields and its turns' fields."""
        return [
            (
                i,
                part,
                [self[k] for k in keys],
                [(turn, [self[k] for k in ks]) for turn, ks in turns],
            )
            for i, part, keys, turns in self.parts
        ]

    def corrections(self, parsed: ParsedSource) -> dict[str, dict]:
        """What the librarian changed from the parse: ``{ref: {field: value}}``."""
        found: dict[str, dict] = {}
        name = self.cleaned_data["name"]
        for i, part in enumerate(parsed.parts, start=1):
            ref = f"{name}#{i}"
            read = {
                "title": part.title,
                "date": part.date,
                "location": part.location,
                "kind": part.kind.value,
                "organisations": sorted(part.organisations),
            }
            for key, before in read.items():
                value = self.cleaned_data.get(f"part{i}_{key}")
                if isinstance(value, str):
                    value = clean_text(value)
                elif isinstance(value, list):
                    value = sorted(value)
                if value != before:
                    found.setdefault(ref, {})[key] = value
            for j, turn in enumerate(part.turns, start=1):
                value = clean_text(self.cleaned_data.get(f"part{i}_turn{j}_speaker") or "")
                if value != (turn.speaker.name if turn.speaker else ""):
                    found.setdefault(f"{ref}.{j}", {})["speaker"] = value
                kind = self.cleaned_data.get(f"part{i}_turn{j}_kind")
                if kind and kind != turn.kind.value:
                    found.setdefault(f"{ref}.{j}", {})["kind"] = kind
        return found


def _import(data: bytes, *, name: str, user, dry_run: bool = False):
    return upload_import(
        Upload(data=data, name=name, origin=f"upload by {user.get_username()}"),
        reference_dir=settings.REFERENCE_DIR,
        max_bytes=settings.IMPORT_MAX_BYTES,
        user=user,
        dry_run=dry_run,
    )


def import_dry_run(data: bytes, *, name: str, user):
    """What importing the text would do, exactly (conflicts, removals), written nowhere."""
    return _import(data, name=name, user=user, dry_run=True)


def import_with_corrections(data: bytes, *, name: str, user, corrections: dict[str, dict]):
    """Import the text as the command would, then apply the preview's corrections, all in one
    transaction; returns the import's report."""
    with changes.tracked() as change:
        report = _import(data, name=name, user=user)
        if not report.failed:
            _corrections_apply(corrections, user=user, change=change)
    return report


def _corrections_apply(corrections: dict[str, dict], *, user, change) -> None:
    for ref, values in corrections.items():
        if "." in ref.rpartition("#")[2]:
            statement_ref = StatementRef.objects.filter(ref=ref).select_related("statement").first()
            if statement_ref is None:
                continue
            statement = statement_ref.statement
            change.statements([statement.pk])
            names = list(values)
            before = history.values_of(statement, names)
            if "speaker" in values:
                statement.speaker = (
                    _speaker(values["speaker"], user=user) if values["speaker"] else None
                )
            if "kind" in values:
                statement.kind = values["kind"]
            statement.mark_curated(names)
            statement.save()
            statements_refresh(type(statement).objects.filter(pk=statement.pk))
            statements_reslug(
                type(statement).objects.filter(pk=statement.pk).select_related("event", "speaker")
            )
            after = history.values_of(statement, names)
            history.record(
                statement,
                action=history.Action.CHANGE,
                changes={k: [before[k], after[k]] for k in names},
                message="corrected on the upload's preview",
                user=user,
            )
            continue
        event_ref = EventRef.objects.filter(ref=ref).select_related("event").first()
        if event_ref is None:
            continue
        event = event_ref.event
        change.statements(event.statements.all())
        before = history.values_of(event, values)
        for key, value in values.items():
            if key != "organisations":
                setattr(event, key, value)
        event.mark_curated(values)
        event.save()
        if "organisations" in values:
            event.organisations.set(Organisation.objects.filter(code__in=values["organisations"]))
        event_reslug(event)
        statements_refresh(event.statements.all())
        after = history.values_of(event, values)
        history.record(
            event,
            action=history.Action.CHANGE,
            changes={k: [before[k], after[k]] for k in values},
            message="corrected on the upload's preview",
            user=user,
        )


def _speaker(name: str, *, user) -> Speaker:
    """The speaker with this name or alias, else a new one (the librarian's)."""
    wanted = match_key(name)
    for speaker in Speaker.objects.all():
        if wanted in {match_key(n) for n in [speaker.name, *speaker.aliases]}:
            return speaker
    speaker = Speaker(name=name, curated_fields=["name"], corrected_at=timezone.now())
    speaker.slug = unique_slug(Speaker.objects, speaker.content_slug())
    speaker.save()
    history.record(speaker, action=history.Action.CREATE, user=user, message="added on a preview")
    return speaker
