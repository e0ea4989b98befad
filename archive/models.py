"""The archive's data model.

Sources (files) produce Events (dated occasions) holding ordered Statements (what one speaker
said). Organisations, Countries and Speakers are reference records shared by everything.

Statements carry copies of what lists filter and sort on (date, year, speaker country, event
country, kind), and ``StatementOrganisation`` carries (organisation, date, country) so that a
filtered, sorted list is answered from one composite index rather than several joins.
"""

from __future__ import annotations

import re

from django.db import connection, models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from archive import textsearch
from archive.slugs import slugify_fr

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
SEARCHED_FIELDS = {"text", "question", "speaker", "event", "byline"}


def in_english() -> bool:
    """Whether the page is in English: names and acronyms follow the interface language."""
    return (get_language() or "fr").startswith("en")


class ReviewStatus(models.TextChoices):
    IMPORTED = "imported", _("Imported")
    NEEDS_REVIEW = "needs_review", _("Needs review")
    REVIEWED = "reviewed", _("Reviewed")


class Curated(models.Model):
    """Shared by every record a librarian can correct.

    ``curated_fields`` lists the fields a librarian changed in the admin: the importer never
    overwrites them, and reports a conflict when the source changed under them.
    """

    curated_fields = models.JSONField(_("fields corrected by librarians"), default=list, blank=True)
    review_status = models.CharField(
        _("review status"),
        max_length=20,
        choices=ReviewStatus.choices,
        default=ReviewStatus.IMPORTED,
        db_index=True,
    )
    import_snapshot = models.JSONField(
        _("values as last imported"), default=dict, blank=True, editable=False
    )
    corrected_at = models.DateTimeField(_("last corrected by a librarian"), null=True, blank=True)

    class Meta:
        abstract = True

    def mark_curated(self, field_names) -> None:
        """Remember fields a librarian changed, so imports keep them, and when."""
        field_names = set(field_names)
        if field_names:
            self.curated_fields = sorted(set(self.curated_fields) | field_names)
            self.corrected_at = timezone.now()


class RemembersDate(models.Model):
    """Keeps the date an instance was loaded with, so that a save can tell which months'
    counts (``archive.tallies``) it changed: the one it left as well as the one it joined."""

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._tally_loaded = {"date": instance.__dict__.get("date")}
        return instance


class Country(Curated):
    iso2 = models.CharField(_("ISO 3166 alpha-2 code"), max_length=2, unique=True)
    name_fr = models.CharField(_("French name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    variants = models.JSONField(_("French variants"), default=list, blank=True)
    adjectives = models.JSONField(_("French adjectives"), default=list, blank=True)
    places = models.JSONField(_("places"), default=list, blank=True)

    class Meta:
        ordering = ["name_fr"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(
                condition=Q(iso2__regex=r"^[A-Z]{2}$"), name="country_iso2_two_capitals"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("archive:country_detail", kwargs={"iso2": self.slug})

    @property
    def name(self) -> str:
        return self.name_en if in_english() else self.name_fr

    @property
    def slug(self) -> str:
        return self.iso2.lower()


class Organisation(Curated):
    code = models.CharField(_("code"), max_length=10, unique=True)
    acronym_fr = models.CharField(_("French acronym"), max_length=10)
    acronym_en = models.CharField(_("English acronym"), max_length=10)
    name_fr = models.CharField(_("French name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    aliases = models.JSONField(_("aliases found in texts"), default=list, blank=True)
    description_fr = models.TextField(_("French description"), blank=True)
    description_en = models.TextField(_("English description"), blank=True)
    countries = models.ManyToManyField(
        Country, through="Membership", related_name="organisations", blank=True
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{2,10}$"), name="organisation_code_capitals"
            )
        ]

    def __str__(self) -> str:
        return self.acronym

    def get_absolute_url(self) -> str:
        return reverse("archive:organisation_detail", kwargs={"code": self.slug})

    @property
    def english(self) -> bool:
        """For templates naming the organisation in the other language too."""
        return in_english()

    @property
    def acronym(self) -> str:
        return self.acronym_en if in_english() else self.acronym_fr

    @property
    def name(self) -> str:
        return self.name_en if in_english() else self.name_fr

    @property
    def description(self) -> str:
        return self.description_en if in_english() else self.description_fr

    @property
    def slug(self) -> str:
        return self.code.lower()


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        OBSERVER = "observer", _("Observer")
        PARTNER = "partner", _("Partner")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    country = models.ForeignKey(Country, on_delete=models.CASCADE)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        ordering = ["organisation", "role", "country"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "country"], name="membership_unique_country"
            )
        ]

    def __str__(self) -> str:
        return f"{self.country} – {self.organisation} ({self.get_role_display()})"


class SpeakerQuerySet(models.QuerySet):
    def with_public_statements(self):
        """Speakers with at least one public statement, their number as ``statement_count``."""
        public = Statement.objects.public().values("pk")
        return self.annotate(
            statement_count=models.Count("statements", filter=Q(statements__in=public))
        ).filter(statement_count__gt=0)


class Speaker(Curated):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speakers",
    )

    objects = SpeakerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.content_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("archive:speaker_detail", kwargs={"slug": self.slug})

    def content_slug(self) -> str:
        return slugify_fr(self.name, max_length=100)


class Source(models.Model):
    """Provenance: one source file, kept whole so that nothing the importer drops is lost."""

    path = models.CharField(_("source file"), max_length=255, unique=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    number = models.PositiveIntegerField(_("post number"), null=True, blank=True, db_index=True)
    urls = models.JSONField(_("source URLs"), default=list, blank=True)
    image_urls = models.JSONField(_("image URLs"), default=list, blank=True)
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64)
    encoding = models.CharField(_("encoding"), max_length=40, default="utf-8")
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    raw_text = models.TextField(_("raw text"))
    noise = models.JSONField(_("lines removed as noise"), default=list, blank=True)
    warnings = models.JSONField(_("import warnings"), default=list, blank=True)
    imported_at = models.DateTimeField(_("first imported"), default=timezone.now)
    updated_at = models.DateTimeField(_("last updated"), default=timezone.now)

    class Meta:
        ordering = ["path"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.path


class EventQuerySet(models.QuerySet):
    def public(self):
        return self.filter(hidden=False)


class Event(RemembersDate, Curated):
    class Kind(models.TextChoices):
        """The values of ``archive.ingest.records.EventKind``, with labels to show."""

        SUMMIT = "summit", _("Summit or council session")
        MINISTERIAL = "ministerial", _("Ministerial meeting")
        MEETING = "meeting", _("Meeting or talks")
        PRESS = "press", _("Press conference or press answers")
        INTERVIEW = "interview", _("Interview")
        MESSAGE = "message", _("Written message")
        DECLARATION = "declaration", _("Declaration")
        OTHER = "other", _("Other")

    title = models.CharField(_("title"), max_length=500)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    date = models.DateField(_("date"), null=True, blank=True, db_index=True)
    time = models.TimeField(_("time"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("organisations"), related_name="events", blank=True
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    sources = models.ManyToManyField(Source, related_name="events", blank=True)
    import_ref = models.CharField(
        _("import reference"), max_length=300, unique=True, null=True, blank=True, editable=False
    )
    warnings = models.JSONField(_("import warnings"), default=list, blank=True)
    hidden = models.BooleanField(_("hidden from the public site"), default=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-time", "title"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["hidden", "date"], name="event_hidden_date")]

    def __str__(self) -> str:
        return f"{self.date or '?'} – {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("archive:event_detail", kwargs={"slug": self.slug})

    def content_slug(self) -> str:
        """Date and title: '2020-12-02-reunion-du-conseil-de-securite-collective-de-l-otsc'."""
        return slugify_fr(f"{self.date or 'sans date'} {self.title}", max_length=100)


class StatementQuerySet(models.QuerySet):
    def public(self):
        return self.filter(hidden=False, event__hidden=False)

    def for_organisation(self, code: str, *, own_events_only: bool = False):
        links = StatementOrganisation.objects.filter(organisation__code=code)
        if own_events_only:
            links = links.filter(via_event=True)
        return self.filter(pk__in=links.values("statement_id"))


class Statement(RemembersDate, Curated):
    class Kind(models.TextChoices):
        """The values of ``archive.ingest.records.StatementKind``, with labels to show."""

        SPEECH = "speech", _("Speech")
        REMARKS = "remarks", _("Remarks")
        ANSWER = "answer", _("Answer")
        COMMENTARY = "commentary", _("Commentary")
        MESSAGE = "message", _("Message")
        DECLARATION = "declaration", _("Declaration")
        REPORT = "report", _("Report")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="statements"
    )
    position = models.PositiveIntegerField(_("position in the event"))
    speaker = models.ForeignKey(
        Speaker,
        verbose_name=_("speaker"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statements",
    )
    role = models.CharField(_("speaker's role at the time"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text"))
    question = models.TextField(_("question answered"), blank=True)
    asked_by = models.CharField(_("asked by"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    organisations = models.ManyToManyField(
        Organisation, through="StatementOrganisation", related_name="statements", blank=True
    )
    mentioned_countries = models.ManyToManyField(
        Country, verbose_name=_("countries mentioned"), related_name="mentioned_in", blank=True
    )
    sources = models.ManyToManyField(Source, related_name="statements", blank=True)
    warnings = models.JSONField(_("import warnings"), default=list, blank=True)
    hidden = models.BooleanField(_("hidden from the public site"), default=False)

    # Copies of what lists filter and sort on, kept in step by ``denormalise()``.
    date = models.DateField(_("date"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    speaker_country = models.ForeignKey(
        Country, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    event_country = models.ForeignKey(
        Country, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Who and where, searched with the text: "Sergueï Lavrov — Allocution … (CICA)".
    byline = models.CharField(_("byline"), max_length=800, blank=True, editable=False)
    # SQLite's full-text index reads French stems from here (PostgreSQL stems by itself).
    search_stems = models.TextField(blank=True, editable=False)
    # What list cards show, cut once here rather than from the whole text on every page.
    excerpt = models.TextField(_("excerpt"), blank=True, editable=False)

    objects = StatementQuerySet.as_manager()

    class Meta:
        # Migration 0004 adds ``statement_public_order``, an index in this order over the
        # visible rows (its NULLS LAST is written per database, so it is not declared here).
        ordering = ["-date", "event_id", "position"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        constraints = [
            models.UniqueConstraint(fields=["event", "position"], name="statement_event_position")
        ]
        indexes = [
            models.Index(fields=["hidden", "date"], name="statement_hidden_date"),
            models.Index(fields=["speaker_country", "date"], name="statement_country_date"),
            models.Index(fields=["event_country", "date"], name="statement_evcountry_date"),
            models.Index(fields=["speaker", "date"], name="statement_speaker_date"),
            models.Index(fields=["kind", "date"], name="statement_kind_date"),
            models.Index(fields=["year", "date"], name="statement_year_date"),
        ]

    def __str__(self) -> str:
        who = self.speaker.name if self.speaker_id else _("Unattributed")
        return f"{who} – {self.event.title} (#{self.position})"

    def save(self, *args, **kwargs):
        self.prepare()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and SEARCHED_FIELDS & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "byline", "search_stems", "excerpt"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("archive:statement_detail", kwargs={"slug": self.slug})

    def prepare(self, *, vendor: str | None = None) -> None:
        """Fill the fields derived from the others (byline, SQLite's stems, the excerpt).

        ``save()`` calls it; code that writes rows in bulk calls it for each row.
        """
        self.byline = " — ".join(
            part
            for part in (self.speaker.name if self.speaker_id else "", self.event.title)
            if part
        )[:800]
        if (vendor or connection.vendor) == "sqlite":
            self.search_stems = textsearch.document(self.byline, self.question, self.text)
        self.excerpt = textsearch.excerpt_of(self.text)

    def content_slug(self) -> str:
        """The event's slug, the position and who spoke: '<event>-3-vladimir-poutine'."""
        who = self.speaker.name if self.speaker_id else self.kind
        return f"{self.event.slug[:100]}-{self.position}-{slugify_fr(who, max_length=40)}"

    def denormalise(self) -> None:
        """Copy the event's date and country and the speaker's country onto the statement."""
        self.date = self.event.date
        self.year = self.event.date.year if self.event.date else None
        self.event_country_id = self.event.country_id
        self.speaker_country_id = self.speaker.country_id if self.speaker_id else None

    def links_refresh(self, *, mentioned=None) -> None:
        """Rebuild the organisation links from the event's organisations and the names cited.

        ``mentioned`` lists the codes the text names; None keeps the stored mentions.
        """
        links = {link.organisation.code: link for link in self.statementorganisation_set.all()}
        if mentioned is None:
            mentioned = [code for code, link in links.items() if link.via_mention]
        own = {o.code for o in self.event.organisations.all()}
        codes = own | set(mentioned)
        organisations = {o.code: o for o in Organisation.objects.filter(code__in=codes)}
        for code in codes:
            values = {
                "via_event": code in own,
                "via_mention": code in mentioned,
                "date": self.date,
                "country_id": self.speaker_country_id,
            }
            link = links.get(code)
            if link is None:
                StatementOrganisation.objects.create(
                    statement=self, organisation=organisations[code], **values
                )
            elif any(getattr(link, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(link, key, value)
                link.save()
        self.statementorganisation_set.exclude(organisation__code__in=codes).delete()

    def corrections(self) -> list[tuple[str, object, list[str]]]:
        """What librarians corrected here, on the event and on the speaker: fields, not people.

        Each item is (what, when, field labels), for readers checking a citation.
        """
        found = []
        for what, record in (
            (_("this statement"), self),
            (_("the event"), self.event),
            (_("the speaker"), self.speaker),
        ):
            if record is None or not record.corrected_at or not record.curated_fields:
                continue
            labels = [
                str(record._meta.get_field(name).verbose_name)
                for name in record.curated_fields
                if name in {f.name for f in record._meta.get_fields()}
            ]
            found.append((what, record.corrected_at, labels))
        return found

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in PARAGRAPH_BREAK.split(self.text) if p.strip()]


class StatementOrganisation(models.Model):
    """Links a statement to an organisation: at one of its events, naming it, or both.

    Carries the statement's date and speaker country so the list filtered by organisation
    (and country, and date) reads one composite index.
    """

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    via_event = models.BooleanField(_("made at the organisation's event"), default=False)
    via_mention = models.BooleanField(_("names the organisation"), default=False)
    date = models.DateField(null=True, blank=True)
    country = models.ForeignKey(
        Country, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["organisation"]
        verbose_name = _("statement organisation")
        verbose_name_plural = _("statement organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "organisation"], name="statement_organisation_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["organisation", "country", "date"], name="stmtorg_org_country_date"
            ),
            models.Index(fields=["organisation", "date"], name="stmtorg_org_date"),
        ]

    def __str__(self) -> str:
        return f"{self.statement_id} – {self.organisation_id}"


class Tally(models.Model):
    """Public statements counted by the dimensions lists filter on: facet counts and totals of
    broad lists add up these few rows instead of counting a million statements.

    ``organisation`` empty: each statement counted once, ``own`` meaning "made at some
    organisation's own event". ``organisation`` set: one row per link, ``own`` meaning "at that
    organisation's event". Kept by ``archive.tallies``; never edited by hand.
    """

    year = models.PositiveSmallIntegerField(null=True)
    country = models.ForeignKey(
        Country, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    kind = models.CharField(max_length=20)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    own = models.BooleanField()
    n = models.PositiveIntegerField()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.year} {self.kind} {self.country_id} {self.organisation_id}: {self.n}"


class MonthTally(Tally):
    """Counts by month, for every list not narrowed to speakers."""

    month = models.DateField(null=True)

    class Meta:
        indexes = [models.Index(fields=["month"], name="monthtally_month")]


class SpeakerTally(Tally):
    """Counts by speaker and year, for the speaker facet and the lists of a few speakers."""

    speaker = models.ForeignKey(
        Speaker, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["speaker", "year"], name="speakertally_speaker_year"),
            models.Index(fields=["year"], name="speakertally_year"),
        ]


class SlugRedirect(models.Model):
    """An old slug of a renamed record, so that shared permalinks keep working."""

    model = models.CharField(max_length=20)
    old_slug = models.CharField(max_length=160)
    new_slug = models.CharField(max_length=160)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["model", "old_slug"]
        constraints = [
            models.UniqueConstraint(fields=["model", "old_slug"], name="slug_redirect_unique")
        ]

    def __str__(self) -> str:
        return f"{self.model}: {self.old_slug} → {self.new_slug}"


class ArchiveState(models.Model):
    """One row: a number that changes whenever the archive's content does.

    Imports and librarians' edits bump it (``archive.versioning``); pages use it for
    ``Last-Modified``/``ETag`` and as the key of the page cache.
    """

    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("archive state")
        verbose_name_plural = _("archive state")

    def __str__(self) -> str:
        return f"v{self.version} ({self.changed_at:%Y-%m-%d %H:%M})"
