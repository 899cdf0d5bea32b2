"""Reading CSV bytes: strict decoding, editor line numbers, clear errors."""

from __future__ import annotations

import pytest

from events.formats.text import decode, neutralise, read_table, restore
from events.schema import RejectedInput


def reasons(data: bytes) -> list[str]:
    with pytest.raises(RejectedInput) as rejected:
        read_table(data)
    return [f"{p.line}:{p.reason}" for p in rejected.value.problems]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("a,b\nКурск,1\n".encode(), "UTF-8"),
        (b"\xef\xbb\xbf" + "a,b\nКурск,1\n".encode(), "UTF-8 with BOM"),
        ("a,b\nКурск,1\n".encode("utf-16"), "UTF-16"),
    ],
)
def test_unicode_files_are_decoded_and_named(data, encoding):
    text, name = decode(data)
    assert "Курск" in text and name == encoding


def test_cp1251_is_rejected_not_guessed():
    assert reasons("a,b\nКурск,1\n".encode("cp1251")) == [
        "2:not valid UTF-8; save the file as UTF-8"
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"PK\x03\x04rest", "this file is a zip archive"),
        (b"\xd0\xcf\x11\xe0rest", "old Excel"),
        (b"a,b\n1,\x002\n", "NUL byte"),
        (b"", "the file is empty"),
        (b"a,b\n1,2,3\n", "row has 3 cells, the header has 2"),
        (b"a,a\n1,2\n", "column appears twice"),
        (b'a,b\n1,"open\n', "unreadable CSV"),
    ],
)
def test_broken_files_get_a_clear_reason(data, expected):
    assert any(expected in reason for reason in reasons(data))


def test_rows_keep_the_line_an_editor_shows_despite_quoted_newlines():
    table = read_table(b'id,notes\n1,"two\nlines"\n2,plain\n\n3,"a\r\nb"\n4,x\n')
    assert table.lines == [2, 4, 6, 8]
    assert table.rows[0] == ["1", "two\nlines"]


def test_na_and_none_stay_strings():
    table = read_table(b"a,b\nNA,None\n")
    assert table.rows == [["NA", "None"]]


@pytest.mark.parametrize(
    "cell", ["=1+1", "+7", "-3", "@SUM(A1)", "\tx", "\rx", "\nx", "＝1", "＋1", "－1", "＠x"]
)
def test_formula_like_cells_are_neutralised_and_restored(cell):
    safe = neutralise(cell)
    assert safe == "'" + cell
    assert restore(safe) == cell


@pytest.mark.parametrize("cell", ["Sudzha", "'quoted", "47th brigade", ""])
def test_ordinary_cells_are_left_alone(cell):
    assert neutralise(cell) == cell and restore(cell) == cell
