"""Reading CSV bytes: strict decoding, editor line numbers, clear errors."""

from __future__ import annotations

import pytest

from events.formats.text import decode, neutralise, read_table, restore
from events.problems import RejectedInput


def reasons(data: bytes) -> list[str]:
    with pytest.raises(RejectedInput) as rejected:
        read_table(data)
    return [f"{p.line}:{p.reason}" for p in rejected.value.problems]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("a,b\nКурск,1\n".encode(), "UTF-8"),
        (b"\xef\xbb\xbf" + "a,b\nКурск,1\n".encode(), "UTF-8 with BOM"),
        ("a,b\nКурск,1\n".encode("utf-16-le"), None),
        ("a,b\nКурск,1\n".encode("utf-16"), "UTF-16 LE"),
        (b"\xfe\xff" + "a,b\nКурск,1\n".encode("utf-16-be"), "UTF-16 BE"),
    ],
)
def test_unicode_files_are_decoded_and_named(data, encoding):
    if encoding is None:  # UTF-16 without a BOM is rejected, with a hint
        assert reasons(data) == [
            "1:looks like UTF-16 without a byte-order mark; save the file as UTF-8"
        ]
        return
    text, name = decode(data)
    assert "Курск" in text and name == encoding


RUSSIAN = [
    "location,notes\nКурск,Обстрел\n",
    "location,notes\nСуджа,Беспилотник атаковал автомобиль\n",
    "admin1,location\nКурская область,Большое Солдатское\n",
    "a,b\nКурск,1\n",
]
UKRAINIAN = ["admin1,location\nСумська область,Краснопілля\n", "location\nХАРКІВ\n"]
CP1251, KOI8R = "cp1251 (Windows Cyrillic)", "KOI8-R"


@pytest.mark.parametrize(
    ("sample", "codec", "name"),
    [(s, "cp1251", CP1251) for s in RUSSIAN + UKRAINIAN] + [(s, "koi8_r", KOI8R) for s in RUSSIAN],
)
def test_cyrillic_code_pages_are_detected_named_and_decoded(sample, codec, name):
    table = read_table(sample.encode(codec))
    assert table.encoding == name
    assert sample.split("\n")[1].split(",") == table.rows[0]
    assert name in table.note and "check names in the preview" in table.note


def test_a_utf8_file_with_some_cp1251_lines_is_rejected_naming_the_line():
    data = "a,b\nКурск,1\n".encode() + "Суджа,2\n".encode("cp1251")
    assert reasons(data) == [
        "3:not valid UTF-8, though line 2 is: mixed encodings; save the whole file as UTF-8"
    ]


CP1252 = "cp1252 (Windows Western)"
WESTERN = [
    "a,b\nZürich,1\n",
    "notes\nRussia\u2019s forces shelled the village\n",
    "location,notes\nKharkiv,\u201cDrone\u201d hit a caf\u00e9 \u2014 M\u00fcller\u2019s shop\n",
    "location,notes\nSumy,Ukrainian forces\u2019 positions near the r\u00e9gion\u2019s border\n",
]


@pytest.mark.parametrize("sample", WESTERN)
def test_excel_western_windows_files_are_detected_named_and_decoded(sample):
    table = read_table(sample.encode("cp1252"))
    assert table.encoding == CP1252
    assert sample.split("\n")[1].split(",") == table.rows[0]
    assert CP1252 in table.note and "check names in the preview" in table.note


def test_a_utf8_file_with_some_cp1252_lines_is_rejected_naming_the_line():
    data = "a,b\nZürich,1\n".encode() + "Müller\u2019s,2\n".encode("cp1252")
    assert reasons(data) == [
        "3:not valid UTF-8, though line 2 is: mixed encodings; save the whole file as UTF-8"
    ]


@pytest.mark.parametrize("data", [b"a,b\n\xa4\xa6\xac,1\n", b"a,b\n\x98\xa6,1\n"])
def test_bytes_that_are_no_text_in_any_code_page_are_rejected_not_guessed(data):
    assert reasons(data) == ["2:not valid UTF-8; save the file as UTF-8"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"PK\x03\x04rest", "this file is a zip archive"),
        (b"\xd0\xcf\x11\xe0rest", "old Excel"),
        (b"a,b\n1,\x002\n", "NUL byte"),
        (b"", "the file is empty"),
        (b"a,b\n1,2,3\n", "row has 3 cells, the header has 2"),
        (b"a,a\n1,2\n", "column appears twice"),
        (b'a,b\n1,2\n3,"open\n4,5\n', "unterminated quoted field in the row starting on line 3"),
        (b'a,b\n1,"x"y\n', "unreadable CSV"),
        (b"\x1f\x8b\x08rest", "gzip"),
        (b"%PDF-1.7", "a PDF document"),
        (b"a,b\n1," + b"x" * 200_000 + b"\n", "field too long (max 131,072 characters)"),
        (b"a,A\n1,2\n", "column appears twice"),
        (b"\na,b\n", "the header) is empty"),
    ],
)
def test_broken_files_get_a_clear_reason(data, expected):
    assert any(expected in reason for reason in reasons(data))


def test_rows_keep_the_line_an_editor_shows_despite_quoted_newlines():
    table = read_table(b'id,notes\n1,"two\nlines"\n2,plain\n\n3,"a\r\nb"\n4,x\n')
    assert table.lines == [2, 4, 6, 8]
    assert table.rows[0] == ["1", "two\nlines"]


@pytest.mark.parametrize(
    ("data", "note"),
    [
        (b",event_id,notes\n0,A1,x\n1,A2,y\n", "the first column (unnamed)"),
        (b"Unnamed: 0,event_id,notes\n0,A1,x\n1,A2,y\n", "the first column (Unnamed: 0)"),
        (b"unnamed: 0;event_id;notes\n0;A1;x\n1;A2;y\n", "the first column (Unnamed: 0)"),
    ],
)
def test_a_pandas_index_column_is_ignored_with_a_note(data, note):
    table = read_table(data)
    assert table.header == ["event_id", "notes"]
    assert table.rows == [["A1", "x"], ["A2", "y"]]
    assert [n for n in table.notes if n.startswith(note)] == [
        f"{note}, an index as pandas writes it, is ignored"
    ]


@pytest.mark.parametrize("data", [b"a,,b\n1,2,3\n", b"a,Unnamed: 0\n1,2\n", b"a,b\nUnnamed: 0,1\n"])
def test_only_the_first_header_cell_marks_an_index(data):
    try:
        table = read_table(data)
    except RejectedInput:
        return  # an empty header cell elsewhere is still an error
    assert table.notes == () and len(table.header) == 2


def test_an_hxl_hashtag_row_under_the_header_is_skipped_with_a_note():
    data = (
        b"id,date_start,best,where_description\n#event+id,#date+start,#affected+killed,\n1,x,2,y\n"
    )
    table = read_table(data)
    assert table.rows == [["1", "x", "2", "y"]] and table.lines == [3]
    assert table.notes == ("line 2 holds HXL hashtags (an HDX copy) and is skipped",)


@pytest.mark.parametrize(
    "data",
    [
        b"a,b,c,d\n#x,,,\n1,2,3,4\n",  # most cells empty: not a tag row
        b"a,b\n#1,plain\n",  # a cell without #
        b"a,b\n1,2\n#x,#y\n",  # not directly under the header
    ],
)
def test_rows_that_merely_hold_a_hash_are_data(data):
    table = read_table(data)
    assert table.notes == () and len(table.rows) == data.count(b"\n") - 1


def test_na_and_none_stay_strings():
    table = read_table(b"a,b,c,d\nNA,None,null,-\n")
    assert table.rows == [["NA", "None", "null", "-"]]


@pytest.mark.parametrize(
    ("data", "delimiter"),
    [
        (b"a,b\n1,2\n", ","),
        (b"a;b\n1,5;2\n", ";"),
        (b"a\tb\n1,5\t2\n", "\t"),
        (b'"a;x",b\n1,2\n', ","),
        (b"single\n1\n", ","),
    ],
)
def test_the_delimiter_is_sniffed_from_the_header(data, delimiter):
    table = read_table(data)
    assert table.delimiter == delimiter and len(table.rows[0]) == len(table.header)


def test_header_names_ignore_case_and_surrounding_spaces():
    assert read_table(b" Latitude ,LONGITUDE\n1,2\n").header == ["latitude", "longitude"]


@pytest.mark.parametrize(
    "data",
    [b"a,b,\n1,2,\n3,4,\n", b"a,b\n1,2,\n3,4,\n", b"a,b\n1,2\n3,4\n\n\n", b"a,b\r\n1,2\r3,4\n"],
)
def test_trailing_delimiters_blank_lines_and_mixed_line_ends_are_ignored(data):
    table = read_table(data)
    assert table.header == ["a", "b"] and table.rows == [["1", "2"], ["3", "4"]]


def test_a_value_under_a_trailing_empty_header_cell_is_an_error():
    assert reasons(b"a,b,\n1,2,\n3,4,x\n") == ["3:a value in a column with no header"]


@pytest.mark.parametrize(
    ("data", "line", "reason"),
    [
        (b"a,b\n1,2\n3\n4,5\n", 3, "row has 1 cells, the header has 2"),
        (b"a,b\n1,2\n3,4,5\n4,5\n", 3, "row has 3 cells, the header has 2"),
        (b"a,b,\n1,2,\n3,4,x\n4,5,\n", 3, "a value in a column with no header"),
        (b'a,b\n1,"two\nlines"\n3,4,5\n6,7\n', 4, "row has 3 cells, the header has 2"),
    ],
)
def test_ragged_rows_can_be_kept_apart_each_with_its_line(data, line, reason):
    table = read_table(data, keep_ragged=True)
    assert [(p.line, p.reason) for p in table.ragged] == [(line, reason)]
    assert len(table.rows) == len(table.lines) == 2
    assert line not in table.lines and all(len(row) == 2 for row in table.rows)


def test_ragged_rows_do_not_hide_what_rejects_the_whole_file():
    data = b'a,b\n1,2,3\n4,"open\n'
    with pytest.raises(RejectedInput) as rejected:
        read_table(data, keep_ragged=True)
    assert [p.line for p in rejected.value.problems] == [2, 3]


def test_too_many_rows_are_rejected_with_the_limit():
    with pytest.raises(RejectedInput) as rejected:
        read_table(b"a\n1\n2\n3\n", max_rows=2)
    assert [str(p) for p in rejected.value.problems] == [
        "line 4: more than 2 rows; split the file ('> 2 rows')"
    ]


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
