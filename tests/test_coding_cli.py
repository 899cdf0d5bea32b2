"""`sitmap code`: drafts as JSON lines or a drafts CSV that imports with its evidence."""

from __future__ import annotations

import ast
import io
import json
from datetime import date

import pytest
from conftest import ROOT

from bench import coding as bench_coding
from events.store import Store
from sitmap.cli import main
from sitmap.coding.drafts import code_report
from sitmap.coding.extract import report_text

REPORT = (
    "В среду дрон атаковал автомобиль в селе Калиновка Хомутовского района. Погиб мужчина, "
    "двое ранены.\n\nОбстрел Любимовки в Курской области накануне: никто не пострадал.\n"
)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_lines_in_the_native_columns_with_evidence(tmp_path, capsys) -> None:
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    code, out, _ = run(
        capsys, "code", str(path), "--published", "2025-02-12", "--source", "Governor", "--json"
    )
    assert code == 0
    first, second = (json.loads(line) for line in out.splitlines())
    assert (first["location"], first["admin2"], first["fatalities"]) == (
        "Kalinovka",
        "Khomutovskiy District",
        1,
    )
    assert first["date_start"] == "2025-02-12" and first["source"] == "Governor"
    assert first["extra"]["draft"] == "yes"
    assert first["extra"]["evidence"].startswith("В среду дрон атаковал")
    # Lyubimovka: four villages in Kursk Oblast, the text does not say which
    assert second["latitude"] is None and second["geo_precision"] == 3
    assert second["admin1"] == "Kursk Oblast" and second["date_start"] == "2025-02-11"
    assert len(second["extra"]["place_candidates"]) == 4
    assert set(second["extra"]["place_candidates"][0]) == {"name", "lat", "lon", "admin1", "admin2"}


def test_drafts_csv_from_stdin_imports_with_its_evidence(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(REPORT))
    output = tmp_path / "drafts.csv"
    code, _, err = run(capsys, "code", "-", "--published", "2025-02-12", "-o", str(output))
    assert code == 0 and "2 draft(s)" in err
    header = output.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[-5:] == ["draft", "evidence", "place_as_written", "place_candidates",
                           "place_rule"]  # fmt: skip
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    code, out, _ = run(capsys, "--db", db, "import", str(output))
    assert code == 0 and "2 event(s) imported" in out
    store = Store(db)
    events = store.events()
    extras = store.extras(events["event_id"])
    assert all("draft" not in extra for extra in extras.values())  # committed: no longer drafts
    assert any(extra["evidence"].startswith("В среду") for extra in extras.values())
    assert any("place_candidates" in extra for extra in extras.values())


@pytest.mark.parametrize("argv", [["--json"], ["--published", "2025-02-30", "--json"]])
def test_usage_errors(tmp_path, capsys, argv) -> None:
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        main(["code", str(path), *argv])
    assert stopped.value.code == 2


def test_the_bench_codes_its_reports_and_saves_its_figures(tmp_path, monkeypatch, capsys):
    """`make bench`'s coding measure at a tiny size: shapes only, never timings."""
    monkeypatch.setattr(bench_coding, "RESULTS", tmp_path)
    assert bench_coding.main(["6"]) == 0
    record = json.loads((tmp_path / "coding.json").read_text(encoding="utf-8"))
    assert record["n"] == 6 and record["drafts"] > 0
    assert set(record) >= {"index_s", "coding_s", "total_s", "target_s", "passed"}
    assert "6 reports" in capsys.readouterr().out


def test_only_editors_get_the_code_a_report_page() -> None:
    """app.py adds the page in the same block as the Import page: single-analyst mode, or
    an editor under sign-in (ui.auth.may_edit)."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    gated = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "may_edit" in ast.unparse(node.test)
    ]
    assert len(gated) == 1
    inside = ast.unparse(gated[0])
    assert "url_path='code_report'" in inside and "url_path='import_events'" in inside
    outside = ast.unparse(tree).replace(inside, "")
    assert "code_report'" not in outside


def test_an_html_page_gives_its_article_and_a_txt_file_its_text() -> None:
    page = (
        "<!doctype html><html><head><title>Wire</title></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/news'>News</a> | Subscribe now</nav>"
        "<article><h1>Drone strike near the border</h1>"
        "<p>On Monday a drone struck a fuel truck in Rylsk; the driver was killed, regional "
        "officials said in a statement on their channel.</p>"
        "<p>Russian forces retook Sverdlikovo on Tuesday, according to the defence ministry, "
        "which published a short video of the village.</p></article>"
        "<footer>Copyright 2025 Wire. All rights reserved. Cookie settings.</footer>"
        "</body></html>"
    )
    text = report_text(page.encode("utf-8"), "report.html")
    assert "Rylsk" in text and "Sverdlikovo" in text
    assert "Subscribe" not in text and "Cookie" not in text
    drafts = code_report(text, date(2025, 2, 12), source="Wire")
    assert [d.record["location"] for d in drafts] == ["Rylsk", "Sverdlikovo"]
    plain = "Сегодня дрон атаковал Рыльск."
    assert report_text(plain.encode("cp1251"), "report.txt") == plain
