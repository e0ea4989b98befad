"""The synthetic archive's records, drawn from a seed: speakers, events and statements.

Plain data, no Django: the database writer and the source-text writer read the same plan, so
one seed gives one archive either way. Every draw comes from a ``random.Random`` seeded with
a string, which Python hashes the same way on every run and machine.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from archive.ingest.reference import ReferenceData
from archive.search.query import stems_of
from archive.slugs import slugify_fr
from bench.corpus.seeds import SeedShape
from bench.corpus.text import (
    COMMON_SHARE,
    RARE_MINIMUM,
    RARE_SHARE,
    VERY_COMMON_SHARE,
    Composer,
    choose_markers,
)

MAX_EVENTS = 5000
MAX_SPEAKERS = 2000
MAX_COUNTRIES = 40
TRANSCRIPT_TURNS = 50  # the first event: the benchmark's long transcript
FIRST_DAY, LAST_DAY = dt.date(1995, 1, 1), dt.date(2026, 6, 30)
MONTHS = (
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()
)
# How the French texts name each organisation after "de".
WITH_ARTICLE = {"CSTO": "l’OTSC", "SCO": "l’OCS", "CICA": "la CICA", "OSCE": "l’OSCE"}
ORGANISATION_WEIGHTS = {"CSTO": 0.3, "SCO": 0.3, "CICA": 0.15, "OSCE": 0.25}
MENTION_SHARES = {"CSTO": 0.08, "SCO": 0.08, "CICA": 0.03, "OSCE": 0.06}
OWN_MENTION_SHARE = 0.6  # statements at an organisation's event that name it
EVENT_KINDS = {
    "summit": 0.08,
    "ministerial": 0.12,
    "meeting": 0.25,
    "press": 0.3,
    "interview": 0.08,
    "message": 0.07,
    "declaration": 0.05,
    "other": 0.05,
}
CAST_SIZES = {"summit": (3, 10), "ministerial": (2, 8), "meeting": (1, 2)}
OUTLETS = ("Question", "RIA Novosti", "TASS", "Interfax", "Sputnik", "RT", "Xinhua", "Le Figaro")
ROLES = (
    "Ministre {adj} des Affaires étrangères",
    "Président {adj}",
    "Premier ministre {adj}",
    "Vice-ministre {adj} des Affaires étrangères",
    "Porte-parole du ministère {adj} des Affaires étrangères",
    "Ambassadeur {adj}",
    "Représentant permanent {adj}",
)
TITLES = {
    "summit": (
        "Réunion du Conseil des chefs d’État de {org}",
        "Sommet de {org}",
        "Séance plénière du sommet de {org}",
    ),
    "ministerial": (
        "Réunion du Conseil des ministres des Affaires étrangères de {org}",
        "Réunion des ministres de la Défense de {org}",
    ),
    "meeting": (
        "Entretien de {speaker} avec {other}",
        "Rencontre de {speaker} avec {other}",
        "Négociations de {speaker} avec {other}",
    ),
    "press": (
        "Réponses à la presse de {speaker}, {role}",
        "Conférence de presse de {speaker}",
        "Point de presse de {speaker}",
    ),
    "interview": ("Interview de {speaker} à l’agence {outlet}",),
    "message": ("Message de {speaker} aux participants de la réunion de {org}",),
    "declaration": ("Déclaration de {speaker} à l’issue de la réunion de {org}",),
    "other": ("Article de {speaker}", "Allocution de {speaker} à {location}"),
}
TITLES_WITHOUT_ORGANISATION = {
    "summit": "Réunion au sommet à {location}",
    "ministerial": "Réunion des ministres des Affaires étrangères à {location}",
    "message": "Message de {speaker}",
    "declaration": "Déclaration de {speaker}",
}


@dataclass(frozen=True)
class SpeakerPlan:
    name: str
    slug: str
    country: str
    role: str


@dataclass(frozen=True)
class EventPlan:
    number: int  # 1-based; also names its source file
    title: str
    slug: str
    date: dt.date
    time: dt.time | None
    location: str
    country: str
    kind: str
    organisations: tuple[str, ...]
    turns: int
    cast: tuple[int, ...]  # speaker indexes; the first is the main speaker
    hidden: bool


@dataclass(frozen=True)
class StatementPlan:
    number: int  # 1-based, in event and position order (the primary key it gets)
    event: int  # index into ``CorpusPlan.events``
    position: int
    speaker: int | None
    kind: str
    question_words: int  # 0 when the statement answers no question
    asked_by: str
    mentions: tuple[str, ...]  # organisation codes the text names
    countries: tuple[str, ...]  # ISO codes of the countries the text names
    markers: tuple[str, ...]
    words: int
    hidden: bool


def french_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def sizes(total: int, weights: list[float], *, minimum: int = 1) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainders), each at least 1."""
    spare = total - minimum * len(weights)
    shares = [spare * w / sum(weights) for w in weights]
    result = [minimum + int(s) for s in shares]
    order = sorted(range(len(weights)), key=lambda i: (int(shares[i]) - shares[i], i))
    for i in order[: total - sum(result)]:
        result[i] += 1
    return result


class UniqueSlugs:
    """``unique_slug``'s convention (base, base-2, base-3…) without asking the database."""

    def __init__(self):
        self.taken: set[str] = set()

    def __call__(self, base: str) -> str:
        slug, n = base, 1
        while slug in self.taken:
            n += 1
            slug = f"{base}-{n}"
        self.taken.add(slug)
        return slug


class CorpusPlan:
    """Speakers, events and (lazily) statements for ``statements`` statements and a seed."""

    def __init__(
        self,
        *,
        statements: int,
        seed: int,
        shape: SeedShape,
        reference: ReferenceData,
        members: dict[str, tuple[str, ...]],
        events: int | None = None,
        speakers: int | None = None,
    ):
        if statements < 1:
            raise ValueError("a corpus needs at least one statement")
        self.size = statements
        self.seed = seed
        self.reference = reference
        self.members = members
        self.organisations = {o.code: o for o in reference.organisations}
        self.countries = self._countries()
        self.country_names = {c.iso2: c for c in reference.countries}
        event_count = events or min(MAX_EVENTS, max(1, statements // 20))
        self.event_count = min(event_count, statements)
        self.speaker_count = speakers or min(MAX_SPEAKERS, max(10, statements // 50))
        self.speakers = self._speakers()
        self.markers = choose_markers(shape, reserved=self._reserved_stems())
        self.composer = Composer(shape, self.markers)
        self.events = self._events()

    def rng(self, stream: str) -> random.Random:
        return random.Random(f"archive-corpus:{self.seed}:{stream}")

    # Reference ---------------------------------------------------------------------------

    def _countries(self) -> list[str]:
        """About forty countries: members of the four organisations and speakers' countries."""
        score: Counter = Counter()
        for countries in self.members.values():
            for iso2 in countries:
                score[iso2] += 1
        for speaker in self.reference.speakers:
            if speaker.country:
                score[speaker.country] += 2
        known = {c.iso2 for c in self.reference.countries}
        ranked = sorted((i for i in score if i in known), key=lambda i: (-score[i], i))
        if "RU" in ranked:  # most of the archive is Russian officials speaking
            ranked.remove("RU")
            ranked.insert(0, "RU")
        return ranked[:MAX_COUNTRIES]

    def country_weights(self) -> list[float]:
        return [1 / (rank + 1) ** 1.1 for rank in range(len(self.countries))]

    def adjective(self, iso2: str) -> str:
        adjectives = self.country_names[iso2].adjectives
        return adjectives[0] if adjectives else self.country_names[iso2].name_fr

    def place(self, iso2: str, rng: random.Random) -> str:
        places = self.country_names[iso2].places[:2]
        return rng.choice(places) if places else self.country_names[iso2].name_fr

    # Speakers ----------------------------------------------------------------------------

    def _speakers(self) -> list[SpeakerPlan]:
        """The reference speakers first, then new people named from their first and last names.

        Reference speakers come one country at a time (each country's first, then each one's
        second…), so that even a small corpus has speakers from several countries.
        """
        rng = self.rng("speakers")
        rank = {iso2: i for i, iso2 in enumerate(self.countries)}
        by_country: dict[str, list] = {}
        for s in sorted(self.reference.speakers, key=lambda s: s.name):
            if s.country in rank:
                by_country.setdefault(s.country, []).append(s)
        turns = [
            (index, rank[iso2], s)
            for iso2, speakers in by_country.items()
            for index, s in enumerate(speakers)
        ]
        known = [s for _index, _rank, s in sorted(turns, key=lambda t: t[:2])]
        names = [(s.name, s.country) for s in known]
        firsts = sorted({s.name.split()[0] for s in self.reference.speakers})
        lasts = sorted(
            {s.name.split(maxsplit=1)[1] for s in self.reference.speakers if " " in s.name}
        )
        combinations = [f"{first} {last}" for first, last in itertools.product(firsts, lasts)]
        rng.shuffle(combinations)
        taken = {name for name, _ in names}
        weights = self.country_weights()
        for name in combinations:
            if len(names) >= self.speaker_count:
                break
            if name not in taken:
                taken.add(name)
                names.append((name, rng.choices(self.countries, weights)[0]))
        slugs = UniqueSlugs()
        return [
            SpeakerPlan(
                name=name,
                slug=slugs(slugify_fr(name, max_length=100)),
                country=country,
                role=rng.choice(ROLES).format(adj=self.adjective(country)),
            )
            for name, country in names[: self.speaker_count]
        ]

    def _reserved_stems(self) -> set[str]:
        """Stems of every name and title word, which marker words must not share."""
        texts = [s.name + " " + s.role for s in self.speakers]
        texts += [t for templates in TITLES.values() for t in templates]
        texts += [*TITLES_WITHOUT_ORGANISATION.values(), *OUTLETS, *MONTHS]
        for organisation in self.reference.organisations:
            texts += [organisation.name_fr, organisation.acronym_fr, *organisation.aliases]
        for country in self.reference.countries:
            texts += [country.name_fr, *country.variants, *country.adjectives, *country.places]
        return {s for text in texts for s in stems_of(text)}

    # Events ------------------------------------------------------------------------------

    def _events(self) -> list[EventPlan]:
        rng = self.rng("events")
        count = self.event_count
        kinds = rng.choices(list(EVENT_KINDS), list(EVENT_KINDS.values()), k=count)
        long_transcript = self.size >= TRANSCRIPT_TURNS + count - 1
        if long_transcript:
            kinds[0] = "summit"
        weights = [
            rng.lognormvariate(0, 1.2) * (0.1 if kind in {"message", "declaration"} else 1)
            for kind in kinds
        ]
        if long_transcript:
            turns = [TRANSCRIPT_TURNS] + (
                sizes(self.size - TRANSCRIPT_TURNS, weights[1:]) if count > 1 else []
            )
        else:
            turns = sizes(self.size, weights)
        speaker_weights = [1 / (rank + 1) ** 0.9 for rank in range(len(self.speakers))]
        span = (LAST_DAY - FIRST_DAY).days
        day_weights = [
            1 + (FIRST_DAY + dt.timedelta(d)).year - FIRST_DAY.year for d in range(span + 1)
        ]
        days = rng.choices(
            range(span + 1), cum_weights=list(itertools.accumulate(day_weights)), k=count
        )
        slugs = UniqueSlugs()
        events = []
        for index in range(count):
            kind = kinds[index]
            main = rng.choices(
                range(len(self.speakers)), cum_weights=None, weights=speaker_weights
            )[0]
            low, high = CAST_SIZES.get(kind, (0, 0))
            others = {
                rng.choices(range(len(self.speakers)), weights=speaker_weights)[0]
                for _ in range(rng.randint(low, high))
            } - {main}
            cast = (main, *sorted(others))
            organisations: tuple[str, ...] = ()
            draw = rng.random()
            codes = list(ORGANISATION_WEIGHTS)
            if index == 0 and long_transcript:
                organisations = ("CSTO",)
            elif draw < 0.05 or (kind in {"summit", "ministerial"} and draw < 0.7):
                first = rng.choices(codes, list(ORGANISATION_WEIGHTS.values()))[0]
                organisations = (first,)
                if draw < 0.05:
                    second = rng.choice([c for c in codes if c != first])
                    organisations = tuple(sorted({first, second}))
            elif draw < 0.40:
                organisations = (rng.choices(codes, list(ORGANISATION_WEIGHTS.values()))[0],)
            speaker = self.speakers[main]
            country = (
                speaker.country
                if rng.random() < 0.6
                else rng.choices(self.countries, self.country_weights())[0]
            )
            location = self.place(country, rng)
            date = FIRST_DAY + dt.timedelta(days=days[index])
            title = self._title(rng, kind, organisations, cast, location)
            events.append(
                EventPlan(
                    number=index + 1,
                    title=title,
                    slug=slugs(slugify_fr(f"{date} {title}", max_length=100)),
                    date=date,
                    time=dt.time(rng.randint(8, 21), rng.choice((0, 15, 30, 45)))
                    if rng.random() < 0.6
                    else None,
                    location=location,
                    country=country,
                    kind=kind,
                    organisations=organisations,
                    turns=turns[index],
                    cast=cast,
                    hidden=index > 0 and rng.random() < 0.002,
                )
            )
        return events

    def _title(self, rng, kind, organisations, cast, location) -> str:
        speaker = self.speakers[cast[0]]
        other = (
            self.speakers[cast[1]]
            if len(cast) > 1
            else self.speakers[(cast[0] + 1) % len(self.speakers)]
        )
        if organisations or kind not in TITLES_WITHOUT_ORGANISATION:
            template = rng.choice(TITLES[kind])
        else:
            template = TITLES_WITHOUT_ORGANISATION[kind]
        if "{org}" in template and not organisations:
            template = TITLES_WITHOUT_ORGANISATION.get(kind, "Allocution de {speaker} à {location}")
        org = " et de ".join(WITH_ARTICLE.get(code, code) for code in organisations)
        return template.format(
            org=org,
            speaker=speaker.name,
            role=speaker.role,
            other=other.name,
            outlet=rng.choice(OUTLETS[1:]),
            location=location,
        )

    # Statements --------------------------------------------------------------------------

    def statements(self) -> Iterator[StatementPlan]:
        """Every statement in event and position order; the same seed, the same statements."""
        rng = self.rng("statements")
        rare = set(
            rng.sample(
                range(self.size), min(self.size, max(RARE_MINIMUM, round(self.size * RARE_SHARE)))
            )
        )
        weights = self.country_weights()
        number = 0
        for index, event in enumerate(self.events):
            for position in range(1, event.turns + 1):
                speaker, kind, question, asked_by = self._turn(rng, event, position)
                mentions = tuple(
                    code
                    for code, share in MENTION_SHARES.items()
                    if rng.random() < (OWN_MENTION_SHARE if code in event.organisations else share)
                )
                named = min(6, int(rng.expovariate(0.5)))
                countries = tuple(sorted(set(rng.choices(self.countries, weights, k=named))))
                markers = []
                if rng.random() < VERY_COMMON_SHARE:
                    markers.append(self.markers.very_common)
                if rng.random() < COMMON_SHARE:
                    markers.append(self.markers.common)
                if number in rare:
                    markers.append(self.markers.rare)
                number += 1
                yield StatementPlan(
                    number=number,
                    event=index,
                    position=position,
                    speaker=speaker,
                    kind=kind,
                    question_words=question,
                    asked_by=asked_by,
                    mentions=mentions,
                    countries=countries,
                    markers=tuple(markers),
                    words=self.composer.length(rng),
                    hidden=rng.random() < 0.001,
                )

    def _turn(self, rng, event: EventPlan, position: int):
        """Who speaks at a position, in which kind of statement, answering which question."""
        main = event.cast[0]
        if event.kind in {"press", "interview"}:
            if position == 1 and event.kind == "press" and rng.random() < 0.5:
                return main, "speech", 0, ""
            return main, "answer", self.composer.question_length(rng), rng.choice(OUTLETS)
        if event.kind == "message":
            return main, "message", 0, ""
        if event.kind == "declaration":
            return main, "declaration", 0, ""
        if event.kind == "other":
            return main, "commentary", 0, ""
        if position == 1 and rng.random() < 0.3:
            return None, "report", 0, ""
        speaker = main if rng.random() < 0.4 else rng.choice(event.cast)
        kind = "speech" if event.kind != "meeting" and rng.random() < 0.4 else "remarks"
        return speaker, kind, 0, ""

    def placed_words(self, statement: StatementPlan) -> tuple[str, ...]:
        """What a statement's text must contain: its markers, organisations and countries."""
        names = [WITH_ARTICLE.get(code, code) for code in statement.mentions]
        names += [self.country_names[iso2].name_fr for iso2 in statement.countries]
        return (*statement.markers, *names)

    def texts(self, statement: StatementPlan, rng: random.Random, *, stems: bool):
        """(text, text stems, question, question stems) for one statement."""
        text, text_stems = self.composer.draw(
            rng, statement.words, placed=self.placed_words(statement), stems=stems
        )
        if not statement.question_words:
            return text, text_stems, "", ""
        question, question_stems = self.composer.draw(
            rng, statement.question_words, question=True, stems=stems
        )
        return text, text_stems, question, question_stems

    def byline(self, statement: StatementPlan) -> str:
        event = self.events[statement.event]
        name = self.speakers[statement.speaker].name if statement.speaker is not None else ""
        return " — ".join(part for part in (name, event.title) if part)[:800]

    def statement_slug(self, statement: StatementPlan, slugs: UniqueSlugs) -> str:
        """``Statement.content_slug()``: '<event slug>-<position>-<speaker or kind>'."""
        event = self.events[statement.event]
        who = (
            self.speakers[statement.speaker].name
            if statement.speaker is not None
            else statement.kind
        )
        return slugs(f"{event.slug[:100]}-{statement.position}-{slugify_fr(who, max_length=40)}")

    def metadata(self) -> dict:
        return {
            "seed": self.seed,
            "statements": self.size,
            "events": len(self.events),
            "speakers": len(self.speakers),
            "countries": len(self.countries),
            "markers": self.markers.as_dict(),
            "shares": {
                "rare": max(RARE_MINIMUM, round(self.size * RARE_SHARE)) / self.size,
                "common": COMMON_SHARE,
                "very_common": VERY_COMMON_SHARE,
            },
            "transcript": self.events[0].slug if self.events[0].turns == TRANSCRIPT_TURNS else None,
        }
