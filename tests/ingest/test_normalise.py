from archive.ingest.normalise import (
    collapse_spaces,
    fold_accents,
    match_key,
    name_key,
    normalise_text,
    search_form,
    tokenise,
)


def test_fold_accents_removes_diacritics():
    assert fold_accents("Sergueï Bélarus Douchanbé") == "Serguei Belarus Douchanbe"


def test_crlf_and_lone_cr_become_lf():
    assert normalise_text("a\r\nb\rc\n") == "a\nb\nc\n"


def test_non_breaking_and_narrow_spaces_become_plain_spaces():
    assert normalise_text("Poutine\u00a0: 25\u202fjuin\u2007x") == "Poutine : 25 juin x"


def test_zero_width_characters_are_removed():
    assert normalise_text("O\u200bT\u200cS\u200dC\ufeff") == "OTSC"


def test_trailing_spaces_are_stripped_on_every_line():
    assert normalise_text("Merci.   \nChers collègues, \t\n") == "Merci.\nChers collègues,\n"


def test_text_is_composed_to_nfc():
    assert normalise_text("Se\u0301ance") == "Séance"


def test_collapse_spaces():
    assert collapse_spaces("  a   b \t c ") == "a b c"


def test_match_key_ignores_accents_case_apostrophes_and_spacing():
    assert match_key("L’Organisation  du Traité") == match_key("l'organisation du traite")
    assert match_key("l‘OTSC") == "l'otsc"


def test_match_key_spells_out_ligatures():
    assert match_key("Nœud") == "noeud"


def test_search_form_keeps_the_length_so_offsets_still_apply():
    text = "1er Février à Noursoultan – l’OTSC"
    folded = search_form(text)
    assert len(folded) == len(text)
    assert folded == "1er fevrier a noursoultan – l'otsc"


def test_tokenise_splits_on_apostrophes_and_hyphens_and_keeps_case():
    tokens = tokenise("l’OTSC à Novo-Ogaryovo")
    assert tokens.words == ["l", "OTSC", "à", "Novo", "Ogaryovo"]
    assert tokens.keys == ["l", "otsc", "a", "novo", "ogaryovo"]


def test_name_key_ignores_punctuation_between_initial_and_name():
    assert name_key("S.Lavrov") == name_key("s. lavrov") == "s lavrov"
