"""A catalog as a spreadsheet and back (bot/catalog_sheet.py), on a copy of a real catalog."""

import csv
import shutil

import pytest

from bot.catalog_sheet import SheetError, export_sheet, import_sheet
from bot.catalogs import po_path, read_catalog
from bot.messages import SUMMARY_COUNT, WELCOME


@pytest.fixture
def polish(tmp_path):
    copy = tmp_path / "sayit.po"
    shutil.copy(po_path("pl"), copy)
    return copy


def rows_of(path):
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def write_rows(path, rows, encoding="utf-8-sig"):
    with path.open("w", encoding=encoding, newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_a_sheet_goes_out_and_comes_back_with_the_translators_changes(polish, tmp_path):
    sheet = tmp_path / "pl.csv"
    count = export_sheet("pl", sheet, po=polish)
    assert sheet.read_bytes().startswith(b"\xef\xbb\xbf")  # spreadsheets then read Polish letters right
    rows = rows_of(sheet)
    assert len(rows) == count
    plural = [r for r in rows if r["english"] == SUMMARY_COUNT[0]]
    assert [r["form"] for r in plural] == ["0", "1", "2"]
    assert plural[1]["used_for"].startswith("2, 3, 4, 22")  # Polish "pytania" is for 2-4, 22-24...
    for row in rows:
        if row["english"] == WELCOME:
            row["translation"] = "Dzień dobry! To jest SayIt."
        if row["english"] == SUMMARY_COUNT[0] and row["form"] == "2":
            row["translation"] = "Odpowiedziałeś na {n} pytań."
    write_rows(sheet, rows)
    done = import_sheet("pl", sheet, po=polish)
    assert done.updated == 2 and done.unchanged >= 300  # every other translation came back as it was
    catalog = read_catalog(polish, "pl")
    assert catalog.get(WELCOME).string == "Dzień dobry! To jest SayIt."
    assert catalog.get(SUMMARY_COUNT).string[2] == "Odpowiedziałeś na {n} pytań."
    assert catalog.get(SUMMARY_COUNT).string[0] == "Masz za sobą {n} pytanie."  # other forms untouched


@pytest.mark.parametrize("change,reason", [
    (lambda r: r.update(translation="Masz za sobą pytania."), "placeholders {n}"),
    (lambda r: r.update(english="You answered {n} question!"), "no longer in the catalog"),
    (lambda r: r.update(form="7"), "form must be a number from 0 to 2"),
])
def test_a_wrong_row_imports_nothing_and_says_which_row_and_why(polish, tmp_path, change, reason):
    sheet = tmp_path / "pl.csv"
    export_sheet("pl", sheet, po=polish)
    rows = rows_of(sheet)
    for row in rows:
        if row["english"] == WELCOME:
            row["translation"] = "Zmieniona wiadomość"  # a good change, which must not land either
    target = next(i for i, r in enumerate(rows) if r["english"] == SUMMARY_COUNT[0] and r["form"] == "1")
    change(rows[target])
    write_rows(sheet, rows)
    before = polish.read_bytes()
    with pytest.raises(SheetError, match=reason) as raised:
        import_sheet("pl", sheet, po=polish)
    assert f"row {target + 2}" in str(raised.value) and "nothing was imported" in str(raised.value)
    assert polish.read_bytes() == before


def test_a_sheet_saved_in_another_encoding_or_without_its_columns_is_refused_kindly(polish, tmp_path):
    sheet = tmp_path / "pl.csv"
    sheet.write_bytes("english,translation\nHello,Cze\u015b\u0107\n".encode("utf-16"))
    with pytest.raises(SheetError, match="CSV UTF-8"):
        import_sheet("pl", sheet, po=polish)
    write_rows(sheet, [{"English text": "x", "Polish": "y"}])
    with pytest.raises(SheetError, match="needs the columns english, translation"):
        import_sheet("pl", sheet, po=polish)
