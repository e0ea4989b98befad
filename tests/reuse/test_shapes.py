"""Records are declared once: their dicts and their schemas come from the same shapes."""

import doctest

from jsonschema import Draft202012Validator

from archive.reuse import openapi, records, shapes


def test_the_examples_hold():
    assert doctest.testmod(shapes).failed == 0


def test_the_document_takes_each_record_schema_from_its_shape():
    for name, shape in [
        ("Statement", records.STATEMENT),
        ("Event", records.EVENT),
        ("EventDetail", records.EVENT_DETAIL),
        ("Speaker", records.SPEAKER),
        ("SpeakerDetail", records.SPEAKER_DETAIL),
        ("Organisation", records.ORGANISATION),
        ("Country", records.COUNTRY),
    ]:
        assert openapi.SCHEMAS[name] == shape.schema(), name


def test_a_built_record_has_exactly_the_declared_fields():
    shape = shapes.Shape(
        a=shapes.item(shapes.STRING, 0),
        b=shapes.Shape(c=shapes.item(shapes.INTEGER, 1)).within(),
        d=shapes.Shape(e=shapes.item(shapes.STRING, 0)).within(lambda s: s[2], optional=True),
        f=shapes.Shape(g=shapes.item(shapes.INTEGER, 0)).many(lambda s: s[3]),
    )
    record = shape.build(("x", 2, None, [(1,), (2,)]))
    assert record == {"a": "x", "b": {"c": 2}, "d": None, "f": [{"g": 1}, {"g": 2}]}
    Draft202012Validator(shape.schema()).validate(record)
    assert shape.build(("x", 2, ("y",), []))["d"] == {"e": "y"}
