"""The archive's data model.

Sources (files) produce Events (dated occasions) holding ordered Statements (what one speaker
said). Organisations, Countries and Speakers are reference records shared by everything.

Statements carry copies of what lists filter and sort on (date, year, speaker country, event
country, kind), and ``StatementOrganisation`` carries (organisation, date, country) so that a
filtered, sorted list is answered from one composite index rather than several joins.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from archive.search import query as textsearch
from archive.slugs import slugify_fr

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
SEARCHED_FIELDS = {"text", "question", "speaker", "event", "byline"}
# Bookkeeping a librarian sets without correcting what the source says.
# The provenances of a date the importer inferred (archive.ingest.records.Part.provenance).
INFERRED_DATES = {"previous-part", "relative", "publication"}
NOT_CURATED = {"curated_fields", "corrected_at", "review_status", "hidden", "primary_ref"}


def list_url(name: str, **params: str) -> str:
    """A list page's address with these filters, in this order:
    ``list_url("archive:event_list", country="RU")`` is ``/events/?country=RU``."""
    return f"{reverse(name)}?{urlencode(params)}"


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

    # Fields a reader sees: the public "corrected on" note names only these.
    PUBLIC_FIELDS: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def mark_curated(self, field_names) -> None:
        """Remember fields a librarian changed, so imports keep them, and when."""
        field_names = set(field_names) - NOT_CURATED
        if field_names:
            self.curated_fields = sorted(set(self.curated_fields) | field_names)
            self.corrected_at = timezone.now()

    @property
    def public_corrections(self) -> list[str]:
        """The public fields a librarian corrected, in the order the model declares them."""
        return [name for name in self.PUBLIC_FIELDS if name in self.curated_fields]


class CountryQuerySet(models.QuerySet):
    def with_statement_count(self):
        """Each country with the public statements of its officials as ``statement_count``
        (a subquery: no join multiplies the rows)."""
        by_officials = Statement.objects.public().filter(speaker_country=OuterRef("pk"))
        counts = by_officials.order_by().values("speaker_country").annotate(n=Count("pk"))
        return self.annotate(statement_count=Coalesce(Subquery(counts.values("n")), 0))


class Country(Curated):
    iso2 = models.CharField(_("ISO 3166 alpha-2 code"), max_length=2, unique=True)
    name_fr = models.CharField(_("French name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    variants = models.JSONField(_("French variants"), default=list, blank=True)
    adjectives = models.JSONField(_("French adjectives"), default=list, blank=True)
    places = models.JSONField(_("places"), default=list, blank=True)

    PUBLIC_FIELDS = ("name_fr", "name_en")

    objects = CountryQuerySet.as_manager()

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

    def statements_url(self, role: str = "country") -> str:
        """The statements of its officials (``country``), made there (``event_country``) or
        naming it (``mentioned_country``)."""
        return list_url("archive:statement_list", **{role: self.iso2})

    def events_url(self) -> str:
        """The events held there."""
        return list_url("archive:event_list", country=self.iso2)

    @property
    def name(self) -> str:
        return self.name_en if in_english() else self.name_fr

    @property
    def slug(self) -> str:
        return self.iso2.lower()


class OrganisationQuerySet(models.QuerySet):
    def with_statement_count(self):
        """Each organisation with its public statements (made at its own meetings or naming
        it) as ``statement_count``, those made at its own meetings as ``at_meetings``."""
        public = Q(statementorganisation__statement__in=Statement.objects.public().values("pk"))
        own = public & Q(statementorganisation__via_event=True)
        return self.annotate(
            statement_count=Count("statementorganisation", filter=public),
            at_meetings=Count("statementorganisation", filter=own),
        )


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

    PUBLIC_FIELDS = (
        "acronym_fr",
        "acronym_en",
        "name_fr",
        "name_en",
        "description_fr",
        "description_en",
    )

    objects = OrganisationQuerySet.as_manager()

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

    def statements_url(self, *, own: str) -> str:
        """Its statements made at its own meetings (``own`` is ``OWN_EVENTS``) or naming it
        elsewhere (``NAMED_ELSEWHERE``), the values of the lists' ``own`` filter."""
        return list_url("archive:statement_list", organisation=self.code, own=own)

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
    def public(self):
        """Speakers with a public statement: one whose statements are all hidden has no page,
        in the API as on the site."""
        return self.filter(Exists(Statement.objects.public().filter(speaker=OuterRef("pk"))))

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

    PUBLIC_FIELDS = ("name", "country")

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
    published = models.DateField(_("publication date"), null=True, blank=True)
    # Where the text last came from (an absolute path, or an upload): tells a new version of
    # a text from a different text that happens to have the same name.
    origin = models.CharField(_("imported from"), max_length=1000, blank=True)
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

    def with_statement_count(self):
        """Each event with its public statements as ``statement_count`` (a subquery: no join
        multiplies the rows)."""
        counts = (
            Statement.objects.filter(event=OuterRef("pk"), hidden=False)
            .order_by()
            .values("event")
            .annotate(n=Count("pk"))
        )
        return self.annotate(statement_count=Coalesce(Subquery(counts.values("n")), 0))


class Event(Curated):
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
    # The source part whose fields the event takes (an ``EventRef.ref``): the first source
    # to report the occasion, unless a librarian picks another.
    primary_ref = models.CharField(_("primary source"), max_length=300, blank=True)
    # Where the primary source gave each field ("date": "dateline", "relative"…; see
    # docs/IMPORT.md): a date the importer inferred is not shown as a fact.
    provenance = models.JSONField(_("where each field was read"), default=dict, blank=True)
    warnings = models.JSONField(_("import warnings"), default=list, blank=True)
    hidden = models.BooleanField(_("hidden from the public site"), default=False)

    objects = EventQuerySet.as_manager()

    PUBLIC_FIELDS = ("title", "date", "time", "location", "country", "organisations", "kind")

    class Meta:
        ordering = ["-date", "-time", "title"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["hidden", "date"], name="event_hidden_date")]

    def __str__(self) -> str:
        return f"{self.date or '?'} – {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("archive:event_detail", kwargs={"slug": self.slug})

    @property
    def date_inferred(self) -> bool:
        """Whether the date was worked out (from a weekday, "today", the publication date, the
        part before) rather than read, and no librarian has confirmed it since."""
        return self.provenance.get("date") in INFERRED_DATES and "date" not in self.curated_fields

    def content_slug(self) -> str:
        """Date and title: '2020-12-02-reunion-du-conseil-de-securite-collective-de-l-otsc'."""
        return slugify_fr(f"{self.date or 'sans date'} {self.title}", max_length=100)


class StatementQuerySet(models.QuerySet):
    def public(self):
        return self.filter(hidden=False, event__hidden=False)

    def roles_of(self, speaker):
        """The roles ``speaker`` held in these statements, each once, in alphabetical order."""
        return (
            self.filter(speaker=speaker)
            .exclude(role="")
            .order_by("role")
            .values_list("role", flat=True)
            .distinct()
        )

    def for_organisation(self, code: str, *, own_events_only: bool = False):
        links = StatementOrganisation.objects.filter(organisation__code=code)
        if own_events_only:
            links = links.filter(via_event=True)
        return self.filter(pk__in=links.values("statement_id"))


class Statement(Curated):
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
    # People a report quotes or relays ("« … », a déclaré Sergueï Lavrov"): the report itself
    # has no speaker, but its words are theirs.
    quoted = models.ManyToManyField(
        Speaker, verbose_name=_("people quoted"), related_name="quoted_in", blank=True
    )
    sources = models.ManyToManyField(Source, related_name="statements", blank=True)
    warnings = models.JSONField(_("import warnings"), default=list, blank=True)
    hidden = models.BooleanField(_("hidden from the public site"), default=False)
    # When an import last changed what the statement says (its text, speaker, kind, role,
    # question): written by the loader only when the source's content differs, so feeds
    # tell a real change from a re-import of the same file. None: not since first imported.
    changed_at = models.DateTimeField(
        _("last changed by an import"), null=True, blank=True, editable=False
    )

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

    PUBLIC_FIELDS = (
        "event",
        "position",
        "speaker",
        "role",
        "kind",
        "text",
        "question",
        "asked_by",
        "organisations",
        "mentioned_countries",
        "quoted",
    )

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
        links_sync([self], mentioned=None if mentioned is None else {self.pk: mentioned})

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
            if record is None or not record.corrected_at or not record.public_corrections:
                continue
            labels = [
                str(record._meta.get_field(name).verbose_name) for name in record.public_corrections
            ]
            found.append((what, record.corrected_at, labels))
        return found

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in PARAGRAPH_BREAK.split(self.text) if p.strip()]


def links_sync(statements, *, mentioned: dict[int, list[str]] | None = None) -> None:
    """Make the statements' organisation links match their events' organisations and the
    codes their texts name (``mentioned`` by statement id; absent: the stored mentions), with
    the statements' date and speaker country copied on. A few queries for any number."""
    statements = list(statements)
    if not statements:
        return
    ids = [s.pk for s in statements]
    stored: dict[int, dict[str, StatementOrganisation]] = {pk: {} for pk in ids}
    for link in StatementOrganisation.objects.filter(statement_id__in=ids).select_related(
        "organisation"
    ):
        stored[link.statement_id][link.organisation.code] = link
    event_ids = {s.event_id for s in statements}
    own: dict[int, set[str]] = {pk: set() for pk in event_ids}
    for event_id, code in Event.organisations.through.objects.filter(
        event_id__in=event_ids
    ).values_list("event_id", "organisation__code"):
        own[event_id].add(code)
    organisations = {o.code: o for o in Organisation.objects.all()}
    created, updated, removed = [], [], []
    for statement in statements:
        links = stored[statement.pk]
        if mentioned is not None and statement.pk in mentioned:
            names = set(mentioned[statement.pk])
        else:
            names = {code for code, link in links.items() if link.via_mention}
        codes = own[statement.event_id] | names
        for code in sorted(codes):
            values = {
                "via_event": code in own[statement.event_id],
                "via_mention": code in names,
                "date": statement.date,
                "country_id": statement.speaker_country_id,
            }
            link = links.get(code)
            if link is None:
                created.append(
                    StatementOrganisation(
                        statement=statement, organisation=organisations[code], **values
                    )
                )
            elif any(getattr(link, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(link, key, value)
                updated.append(link)
        removed += [link.pk for code, link in links.items() if code not in codes]
    StatementOrganisation.objects.bulk_create(created)
    StatementOrganisation.objects.bulk_update(
        updated, ["via_event", "via_mention", "date", "country"], batch_size=500
    )
    StatementOrganisation.objects.filter(pk__in=removed).delete()


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
        how = [
            str(_("at its event")) if self.via_event else "",
            str(_("named")) if self.via_mention else "",
        ]
        return f"{self.organisation.code} ({', '.join(h for h in how if h) or '–'})"


class EventRef(models.Model):
    """A part of a source that reports this event: ``"<source path>#<part number>"``.

    The importer finds an event by its refs, so a librarian's merge (which moves the refs of
    the merged-away event to the one kept) holds on every later import. ``values`` keeps what
    this part says of the event, the provenance of each variant the event did not take.
    """

    ref = models.CharField(_("source part"), max_length=300, unique=True)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="refs")
    values = models.JSONField(_("what this source says"), default=dict, blank=True)

    class Meta:
        ordering = ["ref"]
        verbose_name = _("source part of an event")
        verbose_name_plural = _("source parts of events")

    def __str__(self) -> str:
        return self.ref

    @property
    def path(self) -> str:
        return self.ref.rpartition("#")[0]


class StatementRef(models.Model):
    """A turn of a source that gives this statement: ``"<source path>#<part>.<turn>"``.

    Statements are found by their refs rather than by their place in an event, so merges,
    folds and splits by librarians survive re-imports.
    """

    ref = models.CharField(_("source turn"), max_length=320, unique=True)
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="refs")
    # Whether this turn writes the statement's fields: the turn that created it does; the
    # same turn reposted by another source, or folded in by a merge, only adds provenance.
    owner = models.BooleanField(_("source of the fields"), default=True)

    class Meta:
        ordering = ["ref"]
        verbose_name = _("source turn of a statement")
        verbose_name_plural = _("source turns of statements")

    def __str__(self) -> str:
        return self.ref


class ImportRun(models.Model):
    """One run of the importer (the command or an upload in the admin), with its report."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")
        FAILED = "failed", _("Finished with failed files")
        INTERRUPTED = "interrupted", _("Interrupted")
        DRY_RUN = "dry_run", _("Dry run")

    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RUNNING
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    host = models.CharField(_("host"), max_length=200, blank=True)
    pid = models.PositiveIntegerField(_("process"), null=True, blank=True)
    paths = models.JSONField(_("what was imported"), default=list, blank=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    report = models.TextField(_("report"), blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} – {self.get_status_display()}"


class Merge(models.Model):
    """A librarian's merge of one record into another, remembered so that it can be undone.

    ``snapshot`` holds what undoing needs: the merged-away record as Django serialises it, the
    statements that moved (and where from), the statements folded into duplicates, the refs
    and source links that moved, and the aliases the survivor gained.
    """

    class Model(models.TextChoices):
        EVENT = "event", _("event")
        SPEAKER = "speaker", _("speaker")

    model = models.CharField(_("kind of record"), max_length=10, choices=Model.choices)
    survivor_id = models.PositiveBigIntegerField(_("record kept"))
    merged_id = models.PositiveBigIntegerField(_("record merged away"))
    merged_repr = models.CharField(_("record merged away"), max_length=300)
    snapshot = models.JSONField(default=dict)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    merged_at = models.DateTimeField(_("merged"), default=timezone.now)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)

    class Meta:
        ordering = ["-merged_at"]
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
        indexes = [models.Index(fields=["model", "survivor_id"], name="merge_survivor")]

    def __str__(self) -> str:
        return f"{self.merged_repr} → {self.model} {self.survivor_id}"


class HistoryEntry(models.Model):
    """One change to a record, by a librarian or an import, with each field's old and new value.

    It outlives the record (a merged-away or deleted record keeps its history), so it points
    at it by content type and primary key rather than by a foreign key.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        CHANGE = "change", _("Changed")
        DELETE = "delete", _("Deleted")
        HIDE = "hide", _("Hidden")
        SHOW = "show", _("Shown")
        REVIEW = "review", _("Review status")
        MERGE = "merge", _("Merged")
        UNMERGE = "unmerge", _("Merge undone")
        SPLIT = "split", _("Split")
        IMPORT = "import", _("Imported")
        REMOVED = "removed", _("Removed from its source")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(max_length=300)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    changes = models.JSONField(_("old and new values"), default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    import_run = models.ForeignKey(
        ImportRun, verbose_name=_("import"), on_delete=models.SET_NULL, null=True, blank=True
    )
    merge = models.ForeignKey(Merge, on_delete=models.SET_NULL, null=True, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        indexes = [
            models.Index(fields=["content_type", "object_id", "at"], name="history_object"),
            models.Index(fields=["at"], name="history_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}: {self.object_repr}"


class ReviewFlag(models.Model):
    """Why a record is in the librarians' review queue: one row per reason.

    The importer and the admin keep them (``archive.curation.review``); a record is in the
    queue while its review status is "needs review", and its flags say why.
    """

    class Reason(models.TextChoices):
        NO_SPEAKER = "no-speaker", _("No speaker")
        NO_DATE = "no-date", _("No date")
        NO_PLACE = "no-place", _("No place")
        UNKNOWN_SPEAKER = "unknown-speaker", _("Unknown speaker created by the import")
        DUPLICATE = "duplicate", _("Possible duplicate")
        CONFLICT = "conflict", _("The source changed under a correction")
        REMOVED = "removed", _("Removed from its source")
        UNCERTAIN = "uncertain", _("The importer was unsure")

    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    message = models.TextField(_("details"), blank=True)
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, null=True, blank=True, related_name="review_flags"
    )
    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, null=True, blank=True, related_name="review_flags"
    )
    speaker = models.ForeignKey(
        Speaker, on_delete=models.CASCADE, null=True, blank=True, related_name="review_flags"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("reason for review")
        verbose_name_plural = _("reasons for review")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(event__isnull=False, statement__isnull=True, speaker__isnull=True)
                    | Q(event__isnull=True, statement__isnull=False, speaker__isnull=True)
                    | Q(event__isnull=True, statement__isnull=True, speaker__isnull=False)
                ),
                name="review_flag_one_record",
            )
        ]
        indexes = [models.Index(fields=["reason"], name="review_flag_reason")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.message}"


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
        # One row per key, undated and unlinked rows included (their NULLs made equal).
        constraints = [
            models.UniqueConstraint(
                Coalesce("month", models.Value(dt.date(1, 1, 1))),
                Coalesce("country", models.Value(0)),
                "kind",
                Coalesce("organisation", models.Value(0)),
                "own",
                name="monthtally_unique_key",
            )
        ]


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
        constraints = [
            models.UniqueConstraint(
                Coalesce("year", models.Value(0)),
                Coalesce("speaker", models.Value(0)),
                Coalesce("country", models.Value(0)),
                "kind",
                Coalesce("organisation", models.Value(0)),
                "own",
                name="speakertally_unique_key",
            )
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
    # The latest Last-Modified (a Unix time) a page of the version before may carry: a change
    # within that second must not compare as unmodified (``versioning.page_validators``).
    previous_last_modified = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("archive state")
        verbose_name_plural = _("archive state")

    def __str__(self) -> str:
        return f"v{self.version} ({self.changed_at:%Y-%m-%d %H:%M})"
