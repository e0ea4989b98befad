import datetime as dt

from archive.ingest.occasion import Source, read_occasion


def test_the_heading_gives_date_time_and_place(lexicon):
    occasion = read_occasion(
        [Source("Allocution, Noursoultan, 12 octobre 2021- 11H38", 3)],
        [],
        lexicon,
        context_year=None,
    )
    assert (occasion.date, occasion.time) == (dt.date(2021, 10, 12), dt.time(11, 38))
    assert (occasion.place.name, occasion.place.country) == ("Noursoultan", "KZ")
    assert occasion.warnings == []


def test_a_time_found_only_in_the_table_of_contents_is_merged(lexicon):
    occasion = read_occasion(
        [
            Source("1 – Réponse à la presse, Moscou, 1er février 2022", 6),
            Source("1 – Réponse à la presse, Moscou, 1er février 2022 -19h46 –", 3),
        ],
        [],
        lexicon,
        context_year=None,
    )
    assert (occasion.date, occasion.time, occasion.place.name) == (
        dt.date(2022, 2, 1),
        dt.time(19, 46),
        "Moscou",
    )


def test_a_dateline_below_the_summary_gives_time_and_place(lexicon):
    occasion = read_occasion(
        [
            Source("Kremlin – Réunion du Conseil de l’OTSC du 02.12.2020", 1),
            Source("2 décembre 2020 – 13:15 – Novo-Ogaryovo, région de Moscou", 7),
        ],
        [],
        lexicon,
        context_year=None,
    )
    assert (occasion.date, occasion.time) == (dt.date(2020, 12, 2), dt.time(13, 15))
    assert (occasion.place.name, occasion.place.country) == (
        "Novo-Ogaryovo, région de Moscou",
        "RU",
    )


def test_a_lone_time_line_gives_the_time(lexicon):
    occasion = read_occasion(
        [Source("Commentaire, Minsk, 25 juin 2024", 3)],
        [Source("14:49", 1)],
        lexicon,
        context_year=None,
    )
    assert occasion.time == dt.time(14, 49)


def test_a_date_without_a_year_takes_the_context_year(lexicon):
    occasion = read_occasion(
        [Source("Message de vœux, Moscou, 1er février", 3)], [], lexicon, context_year=2022
    )
    assert occasion.date == dt.date(2022, 2, 1)


def test_a_date_without_a_year_and_no_context_is_reported(lexicon):
    occasion = read_occasion([Source("Message, 1er février", 3)], [], lexicon, context_year=None)
    assert occasion.date is None
    assert [(w.code, w.line) for w in occasion.warnings] == [("year-missing", 3)]


def test_an_impossible_date_is_reported_and_no_fallback_is_used(lexicon):
    occasion = read_occasion(
        [Source("Déclaration, Moscou, 31 février 2021", 4)],
        [],
        lexicon,
        context_year=2021,
        fallback_date=dt.date(2021, 3, 1),
    )
    assert occasion.date is None
    assert [w.code for w in occasion.warnings] == ["impossible-date"]


def test_a_month_only_date_is_reported_when_nothing_better_is_found(lexicon):
    occasion = read_occasion([Source("Sommet de juillet 2024", 2)], [], lexicon, context_year=None)
    assert occasion.date is None
    assert [w.code for w in occasion.warnings] == ["month-only-date"]


def test_a_month_only_heading_gives_way_to_a_full_dateline(lexicon):
    occasion = read_occasion(
        [Source("Sommet de juillet 2024", 2), Source("4 juillet 2024 – Astana", 5)],
        [],
        lexicon,
        context_year=None,
    )
    assert occasion.date == dt.date(2024, 7, 4)
    assert occasion.warnings == []


def test_without_any_date_the_fallback_is_used(lexicon):
    occasion = read_occasion(
        [Source("Allocution de Sergueï Lavrov", 2)],
        [],
        lexicon,
        context_year=None,
        fallback_date=dt.date(2021, 10, 12),
    )
    assert occasion.date == dt.date(2021, 10, 12)
