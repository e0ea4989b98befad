"""generate_corpus: deterministic, the requested size and shape, searchable, and careful."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from archive.ingest.pipeline import parse_source
from archive.ingest.reference import ReferenceData
from archive.models import Event, Source, Speaker, Statement, StatementOrganisation
from archive.search.backends import search_statements
from archive.search.query import document
from bench.corpus import corpus_plan
from bench.corpus.database import corpus_metadata
from bench.corpus.sources import sources_write

pytestmark = pytest.mark.django_db


def snapshot():
    """Everything generated, as comparable rows."""
    return {
        "statements": list(
            Statement.objects.order_by("pk").values_list(
                "pk",
                "event_id",
                "position",
                "speaker_id",
                "kind",
                "slug",
                "text",
                "question",
                "date",
                "byline",
                "search_stems",
                "hidden",
            )
        ),
        "events": list(Event.objects.order_by("pk").values_list("pk", "slug", "date", "kind")),
        "speakers": list(Speaker.objects.order_by("pk").values_list("pk", "slug", "country")),
        "links": list(
            StatementOrganisation.objects.order_by("statement", "organisation").values_list(
                "statement", "organisation", "via_event", "via_mention", "date", "country"
            )
        ),
        "mentions": sorted(
            Statement.mentioned_countries.through.objects.values_list("statement", "country")
        ),
    }


def test_the_same_seed_gives_the_same_rows_and_another_seed_others(generate):
    generate(statements=200, seed=5)
    first = snapshot()
    generate(statements=200, seed=5)
    assert snapshot() == first
    generate(statements=200, seed=6)
    assert snapshot()["statements"] != first["statements"]


def test_the_requested_counts_are_generated(generate):
    plan = generate(statements=400, seed=2, events=30, speakers=25)
    assert Statement.objects.count() == 400
    assert Event.objects.count() == 30
    assert Speaker.objects.count() == 25
    assert len(plan.countries) <= 40
    # One source per event, plus the corpus metadata.
    assert Source.objects.filter(path__startswith="synthetic/").count() == 31


def test_statement_lengths_stay_within_the_seed_sources_range(corpus):
    low, high = corpus.composer.lengths[0], corpus.composer.lengths[-1]
    texts = dict(Statement.objects.values_list("pk", "text"))
    for planned in corpus.statements():
        placed = sum(len(word.split()) for word in corpus.placed_words(planned))
        assert low <= len(texts[planned.number].split()) - placed <= high


def test_rows_are_as_the_loader_leaves_them(corpus):
    statements = Statement.objects.select_related("event", "speaker")
    for statement in statements:
        assert statement.slug and statement.date and statement.byline
        assert statement.slug.startswith(statement.content_slug())
        expected = Statement(
            event=statement.event, speaker=statement.speaker, position=statement.position
        )
        expected.denormalise()
        copies = ("date", "year", "event_country_id", "speaker_country_id")
        assert [getattr(statement, c) for c in copies] == [getattr(expected, c) for c in copies]
        who = statement.speaker.name if statement.speaker else ""
        assert statement.byline == " — ".join(p for p in (who, statement.event.title) if p)
        if connection.vendor == "sqlite":
            assert statement.search_stems == document(
                statement.byline, statement.question, statement.text
            )
    for event in Event.objects.all():
        assert event.slug.startswith(event.content_slug())


def test_organisation_links_carry_the_statement_date_and_country(corpus):
    own = {
        (e, o) for e, o in Event.organisations.through.objects.values_list("event", "organisation")
    }
    links = StatementOrganisation.objects.select_related("statement")
    assert links.exists()
    for link in links:
        assert link.date == link.statement.date
        assert link.country_id == link.statement.speaker_country_id
        assert link.via_event == ((link.statement.event_id, link.organisation_id) in own)
        assert link.via_event or link.via_mention


def test_search_finds_the_marker_words_in_their_intended_shares(generate):
    plan = generate(statements=2000, seed=3)
    public = Statement.objects.public()
    total = public.count()

    def share(word):
        return search_statements(public, word, ranked=False).count() / total

    markers = plan.markers
    assert 0.05 <= share(markers.common) <= 0.10
    assert 0.45 <= share(markers.very_common) <= 0.55
    assert 1 <= search_statements(public, markers.rare).count() <= 10


def test_the_metadata_names_the_words_and_the_fifty_turn_transcript(corpus):
    metadata = corpus_metadata()
    assert metadata["statements"] == 300
    assert set(metadata["markers"]) == {"rare", "common", "very_common"}
    transcript = Event.objects.get(slug=metadata["transcript"])
    assert transcript.statements.count() == 50


def test_the_command_refuses_a_database_with_imported_content(seeded):
    with pytest.raises(CommandError, match="Refusing"):
        call_command("generate_corpus", statements=60, stdout=StringIO(), stderr=StringIO())
    assert Source.objects.exclude(path__startswith="synthetic/").exists()


def test_force_replaces_imported_content(seeded):
    call_command("generate_corpus", statements=60, force=True, stdout=StringIO(), stderr=StringIO())
    assert not Source.objects.exclude(path__startswith="synthetic/").exists()
    assert Statement.objects.count() == 60


def test_a_synthetic_corpus_is_replaced_without_force(generate):
    generate(statements=100)
    call_command("generate_corpus", statements=60, stdout=StringIO(), stderr=StringIO())
    assert Statement.objects.count() == 60


def test_as_sources_writes_files_the_importer_reads_back(tmp_path, settings):
    out = StringIO()
    call_command("generate_corpus", statements=8, as_sources=tmp_path, stdout=out)
    files = sorted(tmp_path.glob("*.txt"))
    assert len(files) == 8
    plan = corpus_plan(statements=32, seed=1, events=8)
    reference = ReferenceData.from_directory(settings.REFERENCE_DIR)
    for path, event in zip(files, plan.events, strict=True):
        parsed = parse_source(path.read_bytes(), name=path.name, reference=reference)
        assert [len(part.turns) for part in parsed.parts] == [event.turns]
        assert parsed.parts[0].date == event.date


def test_as_sources_output_matches_the_plan_written_directly(tmp_path):
    plan = corpus_plan(statements=20, seed=4, events=5)
    first = sources_write(plan=plan, directory=tmp_path / "a")
    second = sources_write(
        plan=corpus_plan(statements=20, seed=4, events=5), directory=tmp_path / "b"
    )
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
