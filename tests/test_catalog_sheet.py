"""A catalog as a spreadsheet and back (bot/catalogs/sheet.py), on a copy of a real catalog."""

import csv
import shutil

import pytest

from bot.catalogs import files as catalogs
from bot.catalogs.entries import review_of
from bot.catalogs.files import po_path, read_catalog
from bot.catalogs.sheet import SheetError, export_sheet, import_sheet
from bot.translation.messages import FREE_TEXT_HINT, SCALE_HINT, SUMMARY_COUNT, WELCOME, YOUNG_PERSON


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
    plural = [r for r in rows if r["english"] == SUMMARY_COUNT[0] and r["context"] == ""]
    assert [r["form"] for r in plural] == ["0", "1", "2"]
    assert plural[1]["used_for"].startswith("2, 3, 4, 22")  # Polish "pytania" is for 2-4, 22-24...
    for row in rows:
        if row["english"] == WELCOME:
            row["translation"] = "Dzień dobry! To jest SayIt."
        if row["english"] == SUMMARY_COUNT[0] and row["form"] == "2" and row["context"] == "":
            row["translation"] = "Liczba odpowiedzi: {n}."
    before = read_catalog(polish, "pl").get(SUMMARY_COUNT).string
    write_rows(sheet, rows)
    done = import_sheet("pl", sheet, po=polish)
    assert done.updated == 2 and done.unchanged >= 300  # every other translation came back as it was
    catalog = read_catalog(polish, "pl")
    assert catalog.get(WELCOME).string == "Dzień dobry! To jest SayIt."
    assert catalog.get(SUMMARY_COUNT).string[2] == "Liczba odpowiedzi: {n}."
    assert catalog.get(SUMMARY_COUNT).string[:2] == before[:2]  # other forms untouched


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
    target = next(i for i, r in enumerate(rows)
                  if r["english"] == SUMMARY_COUNT[0] and r["form"] == "1" and r["context"] == "")
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


def test_the_sheet_says_who_reads_each_entry_and_where_it_is_sent(polish, tmp_path):
    sheet = tmp_path / "pl.csv"
    export_sheet("pl", sheet, po=polish)
    rows = rows_of(sheet)
    hint = {r["context"]: r for r in rows if r["english"] == FREE_TEXT_HINT}
    assert hint[YOUNG_PERSON]["reader"] == "young person" and hint[""]["reader"].startswith("parent or carer")
    assert {r["channel"] for r in rows if r["english"] == SCALE_HINT.text} == {"SMS"}
    assert {r["channel"] for r in rows if r["english"] == SCALE_HINT.buttons} == {"screen"}
    parents = [r for r in rows if "Read by a parent or carer" in r["note"] and ", plain:" in r["note"]]
    assert parents and {r["reader"] for r in parents} == {"parent, carer or advocate"}


def in_sheet(rows, english, context=""):
    return next(r for r in rows if r["english"] == english and r["context"] == context)


def test_a_reviewers_verdicts_are_recorded_counted_and_stop_counting_when_the_translation_changes(
        tmp_path, monkeypatch):
    po = tmp_path / "pl" / "LC_MESSAGES" / "sayit.po"
    po.parent.mkdir(parents=True)
    shutil.copy(po_path("pl"), po)
    monkeypatch.setattr(catalogs, "LOCALE_DIR", tmp_path)
    sheet = tmp_path / "pl.csv"
    export_sheet("pl", sheet)
    rows = rows_of(sheet)
    in_sheet(rows, WELCOME)["verdict"] = "ok"
    in_sheet(rows, FREE_TEXT_HINT, YOUNG_PERSON)["verdict"] = "OK"
    corrected = in_sheet(rows, FREE_TEXT_HINT)
    corrected.update(verdict="ok", translation="Proszę wpisać odpowiedź własnymi słowami albo napisać: pomiń.")
    in_sheet(rows, SCALE_HINT.text).update(verdict="query", reviewer_note="'liczbą' reads oddly here")
    write_rows(sheet, rows)
    done = import_sheet("pl", sheet, reviewer="  Anna   Nowak ")
    assert done.reviewed == 4
    status = catalogs.check("pl")
    assert (status.reviewed, status.reviewers) == (3, {"Anna Nowak": 3})
    assert status.queried == [f"{SCALE_HINT.text} (Anna Nowak: 'liczbą' reads oddly here)"] and not status.complete
    catalog = read_catalog(po, "pl")
    review = review_of(catalog.get(FREE_TEXT_HINT))
    assert (review.verdict, review.reviewer) == ("ok", "Anna Nowak")  # of the corrected translation
    assert catalog.get(FREE_TEXT_HINT).string.startswith("Proszę wpisać")
    assert f"# Checked by a fluent speaker: 3 of {status.total} entries" in po.read_text(encoding="utf-8")
    # a translator changes a reviewed translation afterwards: that review no longer counts
    write_rows(sheet, [{"english": WELCOME, "translation": "Dzień dobry! Tu SayIt.", "context": ""}])
    import_sheet("pl", sheet)
    assert catalogs.check("pl").reviewed == 2
    assert "Checked by a fluent speaker: 2 of" in po.read_text(encoding="utf-8")


@pytest.mark.parametrize("change,reviewer,reason", [
    ({"verdict": "ok"}, None, "say who reviewed the sheet with --reviewer"),
    ({"verdict": "fine"}, "Anna Nowak", "the verdict must be ok, query, or empty"),
    ({"verdict": "query"}, "Anna Nowak", "a query needs a reviewer_note"),
    ({"verdict": "ok", "translation": ""}, "Anna Nowak", "a verdict needs the translation"),
])
def test_a_verdict_that_cannot_be_recorded_imports_nothing(polish, tmp_path, change, reviewer, reason):
    sheet = tmp_path / "pl.csv"
    export_sheet("pl", sheet, po=polish)
    rows = rows_of(sheet)
    in_sheet(rows, WELCOME).update(change)
    write_rows(sheet, rows)
    before = polish.read_bytes()
    with pytest.raises(SheetError, match=reason):
        import_sheet("pl", sheet, po=polish, reviewer=reviewer)
    assert polish.read_bytes() == before


def test_a_translation_keeps_the_spaces_the_english_has_and_loses_a_spreadsheets(polish, tmp_path):
    sheet = tmp_path / "pl.csv"
    write_rows(sheet, [{"english": "; ", "translation": " ;", "context": ""},
                       {"english": WELCOME, "translation": "  Dzień dobry!  ", "context": ""}])
    import_sheet("pl", sheet, po=polish)
    catalog = read_catalog(polish, "pl")
    assert catalog.get("; ").string == "; " and catalog.get(WELCOME).string == "Dzień dobry!"
