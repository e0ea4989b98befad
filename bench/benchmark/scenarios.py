"""What the benchmark requests: the issue's pages, with parameters chosen from the data.

Lists are addressed by their canonical URLs (``CanonicalQuery``), so no request is a
redirect; search words are the corpus's marker words (``generate_corpus`` records them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count
from django.http import QueryDict
from django.urls import NoReverseMatch, reverse

from archive.models import Country, Event, Organisation, Statement
from archive.site.canonical import CanonicalQuery
from archive.site.filters import StatementFilter

ORGANISATION, COUNTRY = "CSTO", "RU"
FILTER_DATES = ("2015-01-01", "2020-12-31")
RANGE_DATES = ("2018-01-01", "2019-12-31")
DETAIL_SAMPLE = 20  # different statements, requested in turn
EXPORT_ROWS = 100_000


@dataclass(frozen=True)
class Scenario:
    key: str
    label: str
    paths: tuple[str, ...]  # requested in turn
    group: str  # which target applies: list, search_rare, detail, api…
    note: str = ""
    words: dict = field(default_factory=dict)

    @property
    def path(self) -> str:
        return self.paths[0]


def list_url(**params) -> str:
    """The statement list's canonical URL for these filters."""
    data = QueryDict(mutable=True)
    for name, value in params.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    query = CanonicalQuery.parse(data, filterset_class=StatementFilter).urlencode()
    path = reverse("archive:statement_list")
    return f"{path}?{query}" if query else path


def top_speaker() -> str | None:
    """The public speaker with the most statements: the heaviest speaker page."""
    row = (
        Statement.objects.public()
        .exclude(speaker=None)
        .order_by()
        .values("speaker__slug")
        .annotate(n=Count("pk"))
        .order_by("-n", "speaker__slug")
        .first()
    )
    return row["speaker__slug"] if row else None


def sample_statements(count: int = DETAIL_SAMPLE) -> list[str]:
    """Slugs of public statements spread evenly over the table."""
    last = Statement.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    wanted = [1 + last * i // (count + 1) for i in range(1, count + 1)]
    slugs = []
    for pk in wanted:
        slug = (
            Statement.objects.public()
            .filter(pk__gte=pk)
            .order_by("pk")
            .values_list("slug", flat=True)
            .first()
        )
        if slug and slug not in slugs:
            slugs.append(slug)
    return slugs


def transcript_event(metadata: dict | None) -> str | None:
    """The corpus's 50-turn event, or the public event closest to 50 statements."""
    if metadata and metadata.get("transcript"):
        return metadata["transcript"]
    row = (
        Event.objects.public()
        .annotate(n=Count("statements"))
        .filter(n__lte=50)
        .order_by("-n", "pk")
        .values("slug")
        .first()
    )
    return row["slug"] if row else None


def export_dates(rows: int = EXPORT_ROWS) -> tuple[str, int]:
    """A ``date_from`` selecting about ``rows`` statements (newest first), and their count."""
    public = Statement.objects.public().exclude(date=None)
    total = public.count()
    if total <= rows:
        return "", total
    boundary = public.order_by("-date").values_list("date", flat=True)[rows - 1]
    return boundary.isoformat(), public.filter(date__gte=boundary).count()


def api_path() -> str | None:
    try:
        return reverse("api:statement_list")
    except NoReverseMatch:
        return None


def build(metadata: dict | None) -> list[Scenario]:
    """The pages of the issue's list, with the parameters this database calls for."""
    organisation = Organisation.objects.filter(code=ORGANISATION).exists()
    country = Country.objects.filter(iso2=COUNTRY).exists()
    found = [
        Scenario("list", "List, unfiltered", (list_url(),), "list"),
        Scenario(
            "list_org_country_dates",
            f"List, {ORGANISATION} + {COUNTRY} + {FILTER_DATES[0][:4]}–{FILTER_DATES[1][:4]}",
            (
                list_url(
                    organisation=ORGANISATION if organisation else [],
                    country=COUNTRY if country else [],
                    date_from=FILTER_DATES[0],
                    date_to=FILTER_DATES[1],
                ),
            ),
            "list",
        ),
        Scenario(
            "list_dates",
            f"List, {RANGE_DATES[0][:4]}–{RANGE_DATES[1][:4]} only",
            (list_url(date_from=RANGE_DATES[0], date_to=RANGE_DATES[1]),),
            "list",
        ),
    ]
    speaker = top_speaker()
    if speaker:
        found.append(
            Scenario("list_speaker", "List, busiest speaker", (list_url(speaker=speaker),), "list")
        )
    markers = (metadata or {}).get("markers", {})
    for key, label in [
        ("rare", "rare word"),
        ("common", "common word (~7.5 %)"),
        ("very_common", "very common word (~50 %)"),
    ]:
        if key in markers:
            found.append(
                Scenario(
                    f"search_{key}",
                    f"Search, {label}: “{markers[key]}”",
                    (list_url(q=markers[key]),),
                    f"search_{key}",
                    words={"word": markers[key]},
                )
            )
    slugs = sample_statements()
    if slugs:
        paths = tuple(reverse("archive:statement_detail", kwargs={"slug": s}) for s in slugs)
        found.append(
            Scenario("detail", f"Statement detail ({len(paths)} in turn)", paths, "detail")
        )
    event = transcript_event(metadata)
    if event:
        found.append(
            Scenario(
                "transcript",
                "Event transcript (50 turns)",
                (reverse("archive:event_detail", kwargs={"slug": event}),),
                "detail",
            )
        )
    api = api_path()
    if api:
        found.append(Scenario("api", "API, first page of statements", (api,), "api"))
    return found


def export_path() -> tuple[str | None, int]:
    """The CSV export URL for about 100,000 statements (at most the export's cap), or None
    without an export view."""
    try:
        path = reverse("archive:statement_csv")
    except NoReverseMatch:
        return None, 0
    date_from, rows = export_dates(min(EXPORT_ROWS, settings.CSV_EXPORT_MAX_ROWS))
    return (f"{path}?{urlencode({'date_from': date_from})}" if date_from else path), rows
