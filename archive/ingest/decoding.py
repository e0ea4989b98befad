"""Bytes to text: byte-order marks, UTF-8 first, a guarded fallback, and mojibake repair.

Files that cannot be imported at all raise ``SourceRejected`` with one human sentence; files
that were decoded or repaired by guesswork come back with warnings a librarian should check.
"""

import codecs
import re
from dataclasses import dataclass, field

import charset_normalizer
import ftfy

from archive.ingest.records import Warning

MEGABYTE = 1024 * 1024
MAX_LINE_CHARS = MEGABYTE
_FALLBACK_ENCODINGS = ["cp1252", "latin_1", "iso8859_15"]
# UTF-32 first: its little-endian mark begins with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Control characters that never occur in text; \t \n \r \f and \v do.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# A UTF-8 lead byte read as cp1252/latin-1 followed by a continuation byte read the same way:
# "Ã©" for "é", "â€™" for "’". Only lines with such pairs are handed to ftfy.
_MOJIBAKE_HINT = re.compile(
    "[ÂÃÅÆÐÑâ][\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)


class SourceRejected(Exception):
    """The file cannot be imported at all; the message is one human sentence."""


@dataclass
class Decoded:
    text: str
    encoding: str
    warnings: list[Warning] = field(default_factory=list)


def decode(data: bytes, *, max_bytes: int, max_line_chars: int = MAX_LINE_CHARS) -> Decoded:
    """Decode a source file or raise ``SourceRejected``.

    Example: ``b"\\xef\\xbb\\xbfR\\xc3\\xa9union"`` -> ``Decoded("Réunion", "utf-8")``.
    """
    if len(data) > max_bytes:
        raise SourceRejected(
            f"file is {len(data) / MEGABYTE:.1f} MB, over the {max_bytes / MEGABYTE:.1f} MB limit"
        )
    if not data:
        raise SourceRejected("file is empty")
    decoded = _decode_bytes(data)
    _reject_non_text(decoded.text, max_line_chars)
    decoded.text, repairs = _repair_mojibake(decoded.text)
    decoded.warnings.extend(repairs)
    return decoded


def _decode_bytes(data: bytes) -> Decoded:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom) :].decode(codec), name)
            except UnicodeDecodeError:
                raise SourceRejected(
                    f"cannot decode file as text: it starts with a {name} byte-order mark "
                    f"but is not valid {name}"
                ) from None
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise SourceRejected("file looks binary (NUL bytes)")
        return utf16
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    guess = charset_normalizer.from_bytes(data, cp_isolation=_FALLBACK_ENCODINGS).best()
    if guess is None:
        raise SourceRejected("cannot decode file as text")
    encoding = guess.encoding
    warning = Warning(
        "encoding-fallback",
        f"file is not valid UTF-8; decoded as {encoding}, check accented letters",
    )
    return Decoded(str(guess), encoding, [warning])


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 saved without a byte-order mark: NUL bytes in every other position."""
    if len(data) % 2:
        return None
    half = len(data) // 2
    even_nuls, odd_nuls = data[0::2].count(0), data[1::2].count(0)
    for nuls, other, codec in (
        (odd_nuls, even_nuls, "utf-16-le"),
        (even_nuls, odd_nuls, "utf-16-be"),
    ):
        if nuls > 0.3 * half and other < 0.05 * half:
            try:
                return Decoded(data.decode(codec), codec)
            except UnicodeDecodeError:
                return None
    return None


def _reject_non_text(text: str, max_line_chars: int) -> None:
    if not text.strip():
        raise SourceRejected("file contains only whitespace")
    if "\x00" in text:
        raise SourceRejected("file looks binary (NUL bytes)")
    controls = sum(1 for _ in _CONTROL.finditer(text))
    if controls > max(8, len(text) // 100):
        raise SourceRejected(f"file looks binary ({controls} control characters)")
    longest, start = 0, 0
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        if len(line) > longest:
            longest, start = len(line), number
    if longest > max_line_chars:
        raise SourceRejected(
            f"line {start} is {longest / MEGABYTE:.1f} MB long, over the "
            f"{max_line_chars / MEGABYTE:.1f} MB limit for one line: this is not a transcript"
        )


def _repair_mojibake(text: str) -> tuple[str, list[Warning]]:
    """Fix lines such as 'SergueÃ¯ Lavrov' (UTF-8 read as cp1252) one line at a time."""
    if not _MOJIBAKE_HINT.search(text):
        return text, []
    lines = text.split("\n")
    repaired: list[int] = []
    example = ""
    for index, line in enumerate(lines):
        if _MOJIBAKE_HINT.search(line):
            fixed = ftfy.fix_encoding(line)
            if fixed != line:
                lines[index] = fixed
                repaired.append(index + 1)
                example = example or f"{line.strip()[:40]!r} -> {fixed.strip()[:40]!r}"
    if not repaired:
        return text, []
    warning = Warning(
        "mojibake-repaired",
        f"repaired garbled accents on {len(repaired)} line(s), e.g. {example}",
        repaired[0],
    )
    return "\n".join(lines), [warning]
