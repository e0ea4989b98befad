from archive.ingest.lexicon import PhraseIndex, lexicon_for
from archive.ingest.normalise import tokenise
from archive.ingest.reference import SpeakerData


def test_the_longest_phrase_wins_and_matches_do_not_overlap():
    index = PhraseIndex()
    index.add("Russie", "RU")
    index.add("Fédération de Russie", "RU-long")
    hits = list(index.find(tokenise("la Fédération de Russie et la Russie").keys))
    assert [(hit.start, hit.end, hit.value) for hit in hits] == [(1, 4, "RU-long"), (6, 7, "RU")]


def test_the_first_value_added_for_a_phrase_is_kept():
    index = PhraseIndex()
    index.add("Astana", "KZ")
    index.add("ASTANA", "XX")
    assert index.get(["astana"]) == "KZ"


def test_the_lexicon_is_built_once_per_reference_content(reference):
    assert lexicon_for(reference) is lexicon_for(reference)


def test_the_lexicon_is_rebuilt_when_the_reference_data_changes(reference):
    before = lexicon_for(reference)
    reference.speakers.append(SpeakerData("Wang Yi", "CN", ()))
    after = lexicon_for(reference)
    assert after is not before
    assert "wang yi" in after.speakers


def test_single_word_capital_aliases_are_acronyms(lexicon):
    assert lexicon.acronyms["OTSC"] == "CSTO"
    assert lexicon.acronyms["SCO"] == "SCO"


def test_memo_remembers_within_a_bound(lexicon):
    calls = []
    assert lexicon.memo("test", "a", lambda: calls.append(1) or 42) == 42
    assert lexicon.memo("test", "a", lambda: calls.append(1) or 43) == 42
    assert calls == [1]
