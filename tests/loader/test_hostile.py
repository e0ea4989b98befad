"""Sources that try to escape or confuse the importer: links out of the folder, texts in every
encoding the parser reads stored as read, counts checked and repaired on demand."""

import os
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from archive.models import MonthTally, Source, Statement
from tests.admin.texts import press

pytestmark = pytest.mark.django_db


def run_import(*args) -> str:
    out = StringIO()
    try:
        call_command("import_sources", *map(str, args), stdout=out, stderr=out)
    except CommandError as error:
        return f"{out.getvalue()}\n{error}"
    return out.getvalue()


def test_a_link_to_a_file_outside_the_folder_is_skipped_not_followed(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "press.txt").write_text(press(), encoding="utf-8")
    os.symlink(secret, folder / "passwd.txt")
    os.symlink(tmp_path, folder / "up")  # a link to a folder above: nothing under it is read
    out = run_import(folder)
    assert "passwd.txt: skipped: a link to a file outside the folder" in out
    assert "1 skipped" in out
    assert list(Source.objects.values_list("path", flat=True)) == ["press.txt"]
    assert not Statement.objects.filter(text__contains="root:").exists()


def test_a_file_name_with_control_characters_is_printed_escaped(tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "bad\x1b[31mname.txt").write_bytes(b"")
    out = run_import(folder)
    assert "\x1b" not in out
    assert "bad\\x1b[31mname.txt: failed" in out


@pytest.mark.parametrize(
    "encoding, data",
    [
        ("utf-8", press().encode("utf-8")),
        ("utf-8-sig", press().encode("utf-8-sig")),
        ("utf-16 (BOM)", press().encode("utf-16")),
        ("utf-16-le", press().encode("utf-16-le")),
        ("utf-16-be", press().encode("utf-16-be")),
        ("cp1252", press().replace("’", "'").encode("cp1252")),
    ],
)
def test_the_raw_text_is_stored_as_the_parser_read_it(tmp_path, encoding, data):
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "press.txt").write_bytes(data)
    run_import(folder)
    raw = Source.objects.get().raw_text.lstrip("\ufeff")
    expected = press() if encoding != "cp1252" else press().replace("’", "'")
    assert raw == expected
    assert Statement.objects.count() == 4


def test_check_archive_finds_wrong_tallies_and_repairs_them(tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "press.txt").write_text(press(), encoding="utf-8")
    run_import(folder)
    assert "Tallies are exact" in _check()
    MonthTally.objects.filter(organisation__isnull=True).update(n=98)
    with pytest.raises(CommandError, match=r"differ from a fresh count"):
        _check()
    out = _check("--repair")
    assert "Repaired" in out
    assert "Tallies are exact" in _check()


def _check(*args) -> str:
    out = StringIO()
    call_command("check_archive", *args, stdout=out)
    return out.getvalue()
