"""Sources that try to escape or confuse the importer: links out of the folder, texts in every
encoding the parser reads stored as read, counts checked and repaired on demand."""

import codecs
import os
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from archive.models import MonthTally, Source, Statement
from tests.admin.texts import press
from tests.conftest import import_sources

pytestmark = pytest.mark.django_db


def run_import(*args) -> str:
    return import_sources(*args)[1]


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
        ("utf-32 (BOM)", press().encode("utf-32")),
        ("utf-32-le (BOM)", codecs.BOM_UTF32_LE + press().encode("utf-32-le")),
        ("utf-32-be (BOM)", codecs.BOM_UTF32_BE + press().encode("utf-32-be")),
        ("latin-1", press().replace("’", "'").encode("latin-1")),
    ],
)
def test_the_raw_text_is_stored_as_the_parser_read_it(tmp_path, encoding, data):
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "press.txt").write_bytes(data)
    run_import(folder)
    raw = Source.objects.get().raw_text.lstrip("\ufeff")
    expected = press() if encoding not in ("cp1252", "latin-1") else press().replace("’", "'")
    assert raw == expected
    assert Statement.objects.count() == 4


def test_one_file_through_two_folders_outside_the_sources_folder_is_one_source(tmp_path):
    """Outside SOURCES_DIR a file is named relative to the folder given: `root` then
    `root/sub` must not make one text two sources (its statements twice)."""
    sub = tmp_path / "root" / "sub"
    sub.mkdir(parents=True)
    (sub / "x.txt").write_text(press(), encoding="utf-8")
    run_import(tmp_path / "root")
    out = run_import(sub)
    assert "sub/x.txt: known-as: x.txt is the source stored as sub/x.txt" in out
    assert "1 unchanged" in out
    assert list(Source.objects.values_list("path", flat=True)) == ["sub/x.txt"]
    (sub / "x.txt").write_text(press(day=15), encoding="utf-8")  # changed, same place
    out = run_import(sub)
    assert "1 updated" in out
    assert list(Source.objects.values_list("path", flat=True)) == ["sub/x.txt"]
    assert Statement.objects.count() == 4


def test_a_copy_of_a_stored_file_elsewhere_keeps_its_identity(tmp_path):
    """Same checksum, same file name, another folder outside SOURCES_DIR: the stored source."""
    first, second = tmp_path / "a", tmp_path / "b" / "press"
    first.mkdir()
    second.mkdir(parents=True)
    (first / "x.txt").write_text(press(), encoding="utf-8")
    (second / "x.txt").write_text(press(), encoding="utf-8")
    run_import(first)
    out = run_import(tmp_path / "b")
    assert "x.txt: known-as: press/x.txt is the source stored as x.txt" in out
    assert list(Source.objects.values_list("path", flat=True)) == ["x.txt"]
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
