import codecs

import pytest

from archive.ingest.decoding import SourceRejected, decode

LIMIT = 5 * 1024 * 1024


def test_utf8_is_decoded_without_warnings():
    decoded = decode("Réunion de l’OTSC".encode(), max_bytes=LIMIT)
    assert decoded.text == "Réunion de l’OTSC"
    assert decoded.encoding == "utf-8"
    assert decoded.warnings == []


def test_a_utf8_byte_order_mark_is_dropped():
    decoded = decode(codecs.BOM_UTF8 + "Réunion".encode(), max_bytes=LIMIT)
    assert decoded.text == "Réunion"


def test_utf16_with_a_byte_order_mark_is_decoded():
    for encoding in ("utf-16-le", "utf-16-be"):
        bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
        decoded = decode(bom + "Sergueï Lavrov : Merci.".encode(encoding), max_bytes=LIMIT)
        assert decoded.text == "Sergueï Lavrov : Merci."
        assert decoded.encoding == "utf-16"


def test_utf16_without_a_byte_order_mark_is_recognised_by_its_nul_bytes():
    decoded = decode("Allocution de Sergueï Lavrov".encode("utf-16-le"), max_bytes=LIMIT)
    assert decoded.text == "Allocution de Sergueï Lavrov"


def test_cp1252_bytes_are_decoded_with_an_encoding_fallback_warning():
    data = "Réunion du Conseil à Moscou – l’OTSC, « déclaration » de sécurité".encode("cp1252")
    decoded = decode(data, max_bytes=LIMIT)
    assert decoded.text.startswith("Réunion du Conseil à Moscou – l’OTSC")
    assert decoded.encoding == "cp1252"
    assert [w.code for w in decoded.warnings] == ["encoding-fallback"]


def test_mojibake_is_repaired_with_a_warning_on_its_line():
    decoded = decode("Titre\nSergueÃ¯ Lavrov : Merci.\n".encode(), max_bytes=LIMIT)
    assert decoded.text == "Titre\nSergueï Lavrov : Merci.\n"
    (warning,) = decoded.warnings
    assert warning.code == "mojibake-repaired"
    assert warning.line == 2


def test_clean_text_gets_no_mojibake_warning():
    decoded = decode("Déclaration – « Â propos »".encode(), max_bytes=LIMIT)
    assert decoded.warnings == []


def test_an_empty_file_is_rejected():
    with pytest.raises(SourceRejected, match="file is empty"):
        decode(b"", max_bytes=LIMIT)


def test_a_whitespace_only_file_is_rejected():
    with pytest.raises(SourceRejected, match="only whitespace"):
        decode(b" \n\t\r\n  ", max_bytes=LIMIT)


def test_a_file_over_the_size_limit_is_rejected_with_both_sizes():
    with pytest.raises(SourceRejected, match=r"file is 6\.0 MB, over the 5\.0 MB limit"):
        decode(b"a" * (6 * 1024 * 1024), max_bytes=LIMIT)


def test_binary_bytes_are_rejected():
    with pytest.raises(SourceRejected, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 50, max_bytes=LIMIT)


def test_text_full_of_control_characters_is_rejected_as_binary():
    with pytest.raises(SourceRejected, match="binary"):
        decode(bytes(range(1, 32)) * 100, max_bytes=LIMIT)


def test_a_single_five_megabyte_line_is_rejected_with_a_clear_message():
    data = ("mot " * (5 * 1024 * 1024 // 4 - 10)).encode()
    with pytest.raises(
        SourceRejected, match=r"^line 1 is 5\.0 MB long, over the 1\.0 MB limit for one line"
    ):
        decode(data, max_bytes=6 * 1024 * 1024)


def test_undecodable_bytes_after_a_utf8_bom_are_rejected():
    with pytest.raises(SourceRejected, match="cannot decode"):
        decode(codecs.BOM_UTF8 + b"caf\xe9", max_bytes=LIMIT)
