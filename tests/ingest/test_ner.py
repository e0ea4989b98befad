"""The French model itself: installed as a package, loaded once, asked about people."""

from archive.ingest import ner


def test_the_model_finds_people_and_places():
    found = ner.entities("« Nous sommes prêts », a déclaré Sergue Lavrov à Samarcande.")
    labels = {text: label for text, label, _ in found}
    assert labels.get("Sergue Lavrov") == "PER"
    assert labels.get("Samarcande") == "LOC"


def test_the_model_is_loaded_once_per_process():
    ner.load()
    assert ner._model() is ner._model()


def test_people_keeps_only_persons():
    assert ner.people("Le ministre Wang Yi a rencontré Mourat Nourtleou à Pékin.") == [
        "Wang Yi",
        "Mourat Nourtleou",
    ]
