from archive.ingest.lines import Line
from archive.ingest.outline import outline


def lines(*texts):
    return [Line(number, text) for number, text in enumerate(texts, start=1)]


def test_a_post_without_headings_is_one_part_described_by_its_title(lexicon):
    shape = outline(lines("La Chine et l’Asie centrale", "2020-07-16", "Texte."), lexicon)
    assert shape.title.text == "La Chine et l’Asie centrale"
    (part,) = shape.parts
    assert part.heading is None
    assert [line.text for line in part.text] == ["Texte."]
    assert [line.text for line in part.datelines] == ["2020-07-16"]


def test_headings_open_parts(lexicon):
    shape = outline(
        lines(
            "4605 – Sergueï Lavrov à Noursoultan",
            "Allocution de Sergueï Lavrov, Noursoultan, 12 octobre 2021- 11H38",
            "Chers collègues,",
            "Réponses à la presse de Sergueï Lavrov, Noursoultan, 12 octobre 2021 – 15H04",
            "Question: Oui ?",
        ),
        lexicon,
    )
    assert shape.title.number == 4605
    assert [part.line for part in shape.parts] == [2, 4]
    assert [[line.text for line in part.text] for part in shape.parts] == [
        ["Chers collègues,"],
        ["Question: Oui ?"],
    ]


def test_a_table_of_contents_entry_is_merged_into_the_repeated_heading(lexicon):
    shape = outline(
        lines(
            "4777 – 1 – Réponse … – & – 2 – Texte … – du 01.02.2022",
            "1 – Réponse à la presse de Sergueï Lavrov, Moscou, 1er février 2022 -19h46 –",
            "2 – Texte du message écrit du ministre – 1er février 2022 – 20h56 –",
            "1 – Réponse à la presse de Sergueï Lavrov, Moscou, 1er février 2022",
            "Question: Oui ?",
            "Sergueï Lavrov: Non.",
            "2 – Texte du message écrit du ministre – 1er février 2022 – 20h56",
            "Vous n’êtes pas sans savoir…",
        ),
        lexicon,
    )
    first, second = shape.parts
    assert (first.line, first.contents_entry.line) == (4, 2)
    assert (second.line, second.contents_entry.line) == (7, 3)
    assert [line.text for line in first.text] == ["Question: Oui ?", "Sergueï Lavrov: Non."]


def test_two_real_parts_with_the_same_opening_words_are_not_a_table_of_contents(lexicon):
    shape = outline(
        lines(
            "Titre",
            "Allocution de Sergueï Lavrov au Conseil, Moscou, 1er février 2022",
            "Premier texte.",
            "Allocution de Sergueï Lavrov au Conseil, Minsk, 2 février 2022",
            "Second texte.",
        ),
        lexicon,
    )
    assert [part.contents_entry for part in shape.parts] == [None, None]
    assert len(shape.parts) == 2


def test_a_lone_time_above_a_heading_belongs_to_that_part(lexicon):
    shape = outline(
        lines(
            "14:49", "Commentaire pour la presse de Sergueï Lavrov, Minsk, 25 juin 2024", "Texte."
        ),
        lexicon,
    )
    (part,) = shape.parts
    assert part.heading is not None
    assert shape.title.text.startswith("Commentaire")
    assert [line.text for line in part.times] == ["14:49"]


def test_a_lone_time_between_parts_belongs_to_the_next_one(lexicon):
    shape = outline(
        lines(
            "Titre",
            "Allocution de Sergueï Lavrov, Moscou, 1er février 2022",
            "Texte.",
            "16:20",
            "Commentaire pour la presse de Sergueï Lavrov, Moscou, 1er février 2022",
            "Autre texte.",
        ),
        lexicon,
    )
    assert [[line.text for line in part.times] for part in shape.parts] == [[], ["16:20"]]


def test_text_before_the_first_heading_joins_the_first_part(lexicon):
    shape = outline(
        lines(
            "Titre",
            "Un mot du blog.",
            "Allocution de Sergueï Lavrov, Moscou, 1er février 2022",
            "Texte.",
        ),
        lexicon,
    )
    (part,) = shape.parts
    assert [line.text for line in part.text] == ["Un mot du blog.", "Texte."]


def test_a_file_starting_with_a_label_has_no_title(lexicon):
    shape = outline(lines("Vladimir Poutine: Bonjour.", "Merci."), lexicon)
    assert shape.title.text == ""
    assert [line.text for line in shape.parts[0].text] == ["Vladimir Poutine: Bonjour.", "Merci."]


def test_an_undated_heading_inside_the_text_does_not_open_a_part(lexicon):
    shape = outline(
        lines(
            "Allocution de Vladimir Poutine, Moscou, 3 mars 2023",
            "Chers collègues,",
            "Rencontre des peuples et des cultures",
            "Nous devons continuer.",
        ),
        lexicon,
    )
    (part,) = shape.parts
    assert [line.text for line in part.text][1] == "Rencontre des peuples et des cultures"


def test_a_heading_with_no_text_lends_its_metadata_to_the_next_part(lexicon):
    shape = outline(
        lines(
            "Déclaration de Douchanbé du Conseil des chefs d'État de l’OCS",
            "Douchanbé, 17 septembre 2021",
            "Déclaration des chefs d’État",
            "Les États membres déclarent :",
        ),
        lexicon,
    )
    (part,) = shape.parts
    assert part.heading.text == "Déclaration des chefs d’État"
    assert [heading.line for heading in part.earlier] == [1]
    assert [line.text for line in part.datelines] == ["Douchanbé, 17 septembre 2021"]


def test_a_file_starting_with_a_long_sentence_has_no_title(lexicon):
    first = "La Chine et les pays d’Asie centrale ont tenu leur première réunion par liaison vidéo."
    shape = outline(lines(first, "Suite."), lexicon)
    assert shape.title.text == ""
    assert [line.text for line in shape.parts[0].text] == [first, "Suite."]


def test_many_headings_without_text_stay_linear(lexicon):
    headings = [
        f"Allocution de Sergueï Lavrov, Moscou, {1 + n % 28} mars 2023" for n in range(3000)
    ]
    shape = outline(lines("Titre", *headings, "Texte."), lexicon)
    (part,) = shape.parts
    assert len(part.earlier) <= 4


def test_a_headline_written_name_colon_words_is_the_title_not_a_first_turn(lexicon):
    shape = outline(
        lines(
            "14.10.2022 18:02",
            "Lavrov : l’OTSC reste unie",
            "MOSCOU, 14 octobre (Agence) – Sergueï Lavrov a parlé à Bichkek.",
        ),
        lexicon,
    )
    assert shape.title.text == "Lavrov : l’OTSC reste unie"
    assert [line.text for line in shape.parts[0].text] == [
        "MOSCOU, 14 octobre (Agence) – Sergueï Lavrov a parlé à Bichkek."
    ]
