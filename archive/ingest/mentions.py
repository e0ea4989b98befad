"""Which organisations and countries a text names.

Acronyms are matched case-sensitively on whole words ("l’OTSC" counts, "ocs" inside a word does
not); full names and aliases ignore accents, case and apostrophe style. Country names must be
written with a capital (so the adjective "suisse" is not Switzerland) and adjectives never count.
"""

from collections.abc import Iterable, Iterator

from archive.ingest.lexicon import CountryName, Lexicon
from archive.ingest.normalise import Tokens, tokenise


def mentions_in(text: str, lexicon: Lexicon) -> tuple[list[str], list[str]]:
    """Organisation codes and country codes named in ``text``, reading it once.

    Example: ``"l’OTSC et le Bélarus"`` -> ``(["CSTO"], ["BY"])``.
    """
    tokens = tokenise(text)
    return _organisations(tokens, lexicon), _countries(tokens, lexicon)


def organisations_in(text: str, lexicon: Lexicon) -> list[str]:
    """Organisation codes named in ``text``, in reference-data order.

    Example: ``"au sein de l’OCS et de la Conférence pour l'interaction et les mesures de
    confiance en Asie"`` -> ``["SCO", "CICA"]``.
    """
    return _organisations(tokenise(text), lexicon)


def countries_in(text: str, lexicon: Lexicon) -> list[str]:
    """ISO codes of the countries ``text`` names (names and variants, not adjectives).

    Example: ``"le président du Bélarus et la République kirghize"`` -> ``["BY", "KG"]``.
    """
    return _countries(tokenise(text), lexicon)


def country_of_role(role: str, lexicon: Lexicon) -> str | None:
    """The country a role names, by name, variant or nationality adjective.

    Example: ``"Premier ministre arménien"`` -> ``"AM"``; ``"Président du Bélarus"`` -> ``"BY"``.
    """
    tokens = tokenise(role)
    for code in _country_codes(tokens, lexicon):
        return code
    for hit in lexicon.adjectives.find(tokens.keys):
        return str(hit.value)
    return None


def _organisations(tokens: Tokens, lexicon: Lexicon) -> list[str]:
    acronyms = lexicon.acronyms
    codes = {acronyms[word] for word in tokens.words if word in acronyms}
    codes.update(str(hit.value) for hit in lexicon.organisation_names.find(tokens.keys))
    return _ordered(codes, lexicon.organisation_order)


def _countries(tokens: Tokens, lexicon: Lexicon) -> list[str]:
    return _ordered(_country_codes(tokens, lexicon), lexicon.country_order)


def _country_codes(tokens: Tokens, lexicon: Lexicon) -> Iterator[str]:
    for hit in lexicon.country_names.find(tokens.keys):
        name: CountryName = hit.value  # type: ignore[assignment]
        written = tokens.words[hit.start : hit.end]
        if name.exact is not None:
            if tuple(written) == name.exact:
                yield name.iso2
        elif written[0][:1].isupper():
            yield name.iso2


def _ordered(codes: Iterable[str], order: dict[str, int]) -> list[str]:
    return sorted(set(codes), key=lambda code: (order.get(code, len(order)), code))
