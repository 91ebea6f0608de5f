"""Linking a parent's answers with their own child's: an invitation list's family column becomes the same key in
both links (never the reference itself); each person is asked before the first question, and only a yes keeps
the key; the export carries the key of those who agreed, and the termly report puts young people beside their
own parents on the areas both answered."""

from __future__ import annotations

import csv
from datetime import datetime, timezone
from urllib.parse import parse_qs, urlparse

from bot.pseudonym import family_key, respondent_key
from bot.reports.charts import charts
from bot.reports.invitations import Links, write_invitations
from bot.reports.termly import termly
from bot.reports.termly_page import page
from channels.telegram_commands import invitation
from tests.conftest import TEST_KEY
from tests.test_export import csv_rows

KEY = family_key(TEST_KEY.encode(), "FAM-0042")


def test_an_invitation_lists_family_becomes_one_key_in_both_links_and_never_the_reference(tmp_path, surveys):
    source = tmp_path / "families.csv"
    source.write_text("name,language,family\nAmira,ar,FAM-0042\nAmira's mum,en,fam-0042 \nSam,en,\n", "utf-8")
    out = tmp_path / "links.csv"
    write_invitations(source, out, "bromley_outcomes", Links("https://sayit.example", "sayit_bot"), set(surveys),
                      TEST_KEY.encode())
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    webs = [parse_qs(urlparse(r["web_link"]).query) for r in rows]
    assert webs[0]["family"] == webs[1]["family"] == [KEY] and "family" not in webs[2]
    starts = [parse_qs(urlparse(r["telegram_link"]).query)["start"][0] for r in rows]
    assert invitation(starts[0]) == ("ar", "bromley_outcomes", KEY) and invitation(starts[2])[2] is None
    assert all(len(s) <= 64 for s in starts)
    links = out.read_text("utf-8-sig").replace("FAM-0042", "").replace("fam-0042", "")
    assert "0042" not in links  # the council's reference stays in the council's own columns


def session_of(store, sender):
    return store.latest_session(store.respondent(respondent_key(TEST_KEY.encode(), "rest", sender)))


def start(chat, sender, role_reply, first="English"):
    chat(first, sender=sender, family=KEY)
    return chat(role_reply, sender=sender, family=KEY)


def test_each_person_is_asked_and_only_a_yes_links_them(chat, store):
    asked = start(chat, "child", "me")
    assert asked[-1].custom["type"] == "family_link" and "parent or carer" in asked[-1].text
    assert [c["value"] for c in asked[-1].custom["controls"]] == ["confirm", "not_right"]
    assert chat("hmm", sender="child")[-1].custom["type"] == "family_link"  # asked again, nothing changed
    after = chat("yes", sender="child")
    assert after[-1].custom["question_id"] == "yp_voice_communicate"
    child = session_of(store, "child")
    assert child.family_key == KEY and child.family_consent_at is not None

    asked = start(chat, "mum", "I'm a parent")
    assert asked[-1].custom["type"] == "family_link" and "Your child" in asked[-1].text
    chat("/repeat", sender="mum", via="button", intent="repeat")  # the No button
    mum = session_of(store, "mum")
    assert mum.family_key is None and mum.family_consent_at is None and mum.current_question


def test_no_family_no_question_and_a_language_switch_comes_back_to_it(chat, store):
    assert chat("English", sender="plain")[-1].custom["type"] == "choose_role"
    assert chat("me", sender="plain")[-1].custom["question_id"] == "yp_voice_communicate"
    start(chat, "switcher", "me")
    chat("change language", sender="switcher")
    back = chat("Polski", sender="switcher")
    assert back[-1].custom["type"] == "family_link" and back[-1].custom["language"] == "pl"


def answer_all(chat, sender, value):
    for _ in range(3):
        chat(str(value), sender=sender)


def test_the_export_and_the_report_show_linked_families_side_by_side(chat, store, surveys, tmp_path):
    for n in range(5):
        family = family_key(TEST_KEY.encode(), f"FAM-{n}")
        for sender, role, value in ((f"child-{n}", "me", 5), (f"parent-{n}", "I'm a parent", 2)):
            chat("English", sender=sender, family=family)
            chat(role, sender=sender, family=family)
            chat("yes", sender=sender)
            answer_all(chat, sender, value)
    start(chat, "refused", "me")
    chat("no", sender="refused")
    answer_all(chat, "refused", 1)
    versions = {(s.id, s.version): s for s in surveys.values()}
    rows = csv_rows(store, versions, tmp_path / "a.csv", include_free_text=False)
    families = {r["family"] for r in rows}
    assert len(families - {""}) == 5 and "" in families  # the one who said no is not linked
    assert all(r["family"] == "" for r in rows if r["value"] == "1")
    stored = list(store.export_rows())
    survey = surveys["shropshire_annual_review"]
    report = termly(stored, versions, survey, _this_term())
    young, parents, count = report.linked["voice"]
    assert count == 5 and young.percent == 100.0 and parents.percent == 0.0
    html = page(report, charts(report))
    assert "Young people beside their own parents" in html and "Linked families" in html


def test_fewer_than_five_linked_families_are_not_shown(chat, store, surveys):
    for n in range(2):
        family = family_key(TEST_KEY.encode(), f"small-{n}")
        for sender, role in ((f"c{n}", "me"), (f"p{n}", "I'm a parent")):
            chat("English", sender=sender, family=family)
            chat(role, sender=sender, family=family)
            chat("yes", sender=sender)
            answer_all(chat, sender, 4)
    versions = {(s.id, s.version): s for s in surveys.values()}
    report = termly(list(store.export_rows()), versions, surveys["shropshire_annual_review"], _this_term())
    young, parents, count = report.linked["voice"]
    assert count == 2 and young.suppressed and parents.suppressed and young.percent is None


def _this_term() -> str:
    from bot.reports.indicators import current_term

    return current_term(datetime.now(timezone.utc).date())
