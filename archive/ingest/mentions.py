"""Which organisations and countries a text names.

Acronyms are matched case-sensitively on whole words ("l’OTSC" counts, "ocs" inside a word does
not); full names and aliases ignore accents, case and apostrophe style. Country names must be
written with a capital (so the adjective "suisse" is not Switzerland) and adjectives never count.
"""

from collections.abc import Iterable, Iterator
from itertools import pairwise

from archive.ingest.lexicon import CountryName, Lexicon
from archive.ingest.normalise import Tokens, tokenise
from archive.ingest.vocabulary import FUNCTION_WORDS

# At most this many function words between two content words of a full name written with
# other function words ("Organisation du traité sur la sécurité collective").
MAX_FUNCTION_GAP = 3


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
    codes.update(_loosely_named(tokens, lexicon))
    return _ordered(codes, lexicon.organisation_order)


def _loosely_named(tokens: Tokens, lexicon: Lexicon) -> Iterator[str]:
    """Full names whose content words are all there, in order, with only function words
    between them, whatever those are; the name must start with a capital (as names do).

    Example: ``"l’Organisation du traité sur la sécurité collective"`` -> ``"CSTO"``.
    """
    index = lexicon.organisation_content
    if not index.phrases:
        return
    positions = [i for i, key in enumerate(tokens.keys) if key not in FUNCTION_WORDS]
    content = [tokens.keys[i] for i in positions]
    for hit in index.find(content):
        spread = positions[hit.start : hit.end]
        if not tokens.words[spread[0]][:1].isupper():
            continue
        if all(b - a - 1 <= MAX_FUNCTION_GAP for a, b in pairwise(spread)):
            yield str(hit.value)


def organisation_named(text: str, lexicon: Lexicon) -> str | None:
    """The organisation a whole line names, by acronym or (loosely) by full name.

    Example: ``"Organisation du traité sur la sécurité collective"`` -> ``"CSTO"``.
    """
    code = lexicon.acronyms.get(text.strip())
    if code is not None:
        return code
    keys = tokenise(text).keys
    code = lexicon.organisation_names.get(keys)
    if code is None:
        code = lexicon.organisation_content.get(tuple(k for k in keys if k not in FUNCTION_WORDS))
    return None if code is None else str(code)


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
