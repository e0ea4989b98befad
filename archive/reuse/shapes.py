"""Record shapes declared once: each field's JSON Schema beside where its value comes from.

A ``Shape`` makes both the plain dicts that the API, the exports and the dataset write
(``build``) and their schema in the OpenAPI document (``schema``), so the two cannot drift::

    >>> point = Shape(x=item(INTEGER, 0), label=Field(STRING, lambda p: p[1].upper()))
    >>> point.build((3, "a"))
    {'x': 3, 'label': 'A'}
    >>> point.schema()["required"]
    ['x', 'label']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

STRING = {"type": "string"}
INTEGER = {"type": "integer"}
DATE = {"type": "string", "format": "date"}
COUNTRY_CODE = {"type": "string", "pattern": "^[A-Z]{2}$"}
ORGANISATION_CODE = {"type": "string", "pattern": "^[A-Z]{2,10}$"}
SLUG = {"type": "string", "pattern": "^[-a-z0-9_]+$"}
PATH = {"type": "string", "pattern": "^/"}


def nullable(schema: dict) -> dict:
    return {**schema, "type": [schema["type"], "null"]}


def array(items: dict) -> dict:
    return {"type": "array", "items": items}


def closed_object(properties: dict) -> dict:
    """An object with exactly these properties (the test suite checks real answers)."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


@dataclass(frozen=True)
class Field:
    """One value of a record: its JSON Schema, and how to read it from the record's source.

    ``read`` takes the source; or ``key`` indexes it (``source[key]``), the value then passed
    through ``convert`` when given. ``shape`` is a nested record, built from what ``read``
    gives (null when ``optional`` and absent; each item when ``many``).
    """

    schema: dict
    read: Callable[[Any], Any] | None = None
    key: Any = None
    convert: Callable[[Any], Any] | None = None
    shape: Shape | None = None
    optional: bool = False
    many: bool = False


def attribute(schema: dict, name: str) -> Field:
    """A field read from the source's attribute ``name`` (dots follow relations)."""
    return Field(schema, attrgetter(name))


def item(schema: dict, key, convert=None) -> Field:
    """A field read as ``source[key]``, passed through ``convert`` when given."""
    return Field(schema, key=key, convert=convert)


def iso(value):
    """A date or time as ISO 8601, or None."""
    return value.isoformat() if value else None


class Shape:
    """A record's fields, in the order its dicts list them.

    ``build`` is compiled once into one function that writes the whole dict, nested records
    included: a record costs what a hand-written one did (the exports build millions).
    """

    def __init__(self, **fields: Field):
        self.fields = fields
        self.build = self._compile()

    def schema(self) -> dict:
        return closed_object({name: field.schema for name, field in self.fields.items()})

    def extended(self, **fields: Field) -> Shape:
        """This shape with more fields after its own (a detail answer's)."""
        return Shape(**self.fields, **fields)

    def within(self, read: Callable[[Any], Any] | None = None, *, optional=False) -> Field:
        """A field holding this record, built from ``read(source)`` (the source itself when
        no ``read``); when ``optional``, null where ``read`` gives None."""
        schema = {"oneOf": [{"type": "null"}, self.schema()]} if optional else self.schema()
        return Field(schema, read, shape=self, optional=optional)

    def many(self, read: Callable[[Any], Any]) -> Field:
        """A field holding a list of these records, built from each item of ``read(source)``."""
        return Field(array(self.schema()), read, shape=self, many=True)

    def _compile(self):
        names: dict[str, Any] = {}

        def bind(value) -> str:
            name = f"_{len(names)}"
            names[name] = value
            return name

        lines: list[str] = []

        def record(shape: Shape, source: str) -> str:
            parts = []
            for name, field in shape.fields.items():
                if field.key is not None:
                    value = f"{source}[{bind(field.key)}]"
                    if field.convert is not None:
                        value = f"{bind(field.convert)}({value})"
                elif field.read is not None:
                    value = f"{bind(field.read)}({source})"
                else:
                    value = source
                if field.shape is not None and field.many:
                    value = f"[{bind(field.shape.build)}(i) for i in {value}]"
                elif field.shape is not None:
                    inner = f"v{len(lines)}"
                    lines.append(f"    {inner} = {value}")
                    value = record(field.shape, inner)
                    if field.optional:
                        value = f"None if {inner} is None else {value}"
                parts.append(f"{name!r}: {value}")
            return "{" + ", ".join(parts) + "}"

        body = record(self, "source")
        code = "def build(source):\n" + "\n".join(lines) + f"\n    return {body}\n"
        exec(compile(code, f"<shape {', '.join(self.fields)}>", "exec"), names)
        return names["build"]
