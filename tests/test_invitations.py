"""`sayit invitations`: a council's list of families gets links that open in each family's language."""

from __future__ import annotations

import csv
import subprocess
from urllib.parse import parse_qs, urlparse

import pytest

from bot.reports.invitations import InvitationError, Links, language_of, write_invitations
from bot.surveys.loading import load_surveys
from channels.telegram_commands import invitation
from tests.running_bot import ROOT, SAYIT

SURVEYS = set(load_surveys())
LINKS = Links("https://sayit.example.gov.uk", "SayItBot")


def family_list(tmp_path, rows: list[dict], name: str = "families.csv"):
    path = tmp_path / name
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def read(path) -> list[dict]:
    with path.open(encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize(("cell", "lang"), [
    ("pl", "pl"), ("pl-PL", "pl"), ("Polish", "pl"), ("polski", "pl"), ("Welsh", "cy"), ("Cymraeg", "cy"),
    ("عربي", "ar"), ("Arabic", "ar"), ("Urdu", "ur"), ("বাংলা", "bn"), ("Romanian", "ro"), ("uk", "uk"),
    ("Ukrainian", "uk"), ("English", "en"), ("Tigrinya", None), ("", None), ("fr", None),
])
def test_the_language_column_may_hold_a_code_or_a_name(cell, lang):
    assert language_of(cell) == lang


def test_each_row_gets_links_in_its_language_and_the_list_keeps_its_columns(tmp_path):
    source = family_list(tmp_path, [
        {"name": "A", "Home language": "Polish", "survey": ""},
        {"name": "B", "Home language": "ur", "survey": "bristol_outcomes"},
        {"name": "C", "Home language": "Tigrinya", "survey": ""},
    ])
    out = tmp_path / "links.csv"
    counts = write_invitations(source, out, "bromley_outcomes", LINKS, SURVEYS)
    assert counts == {"pl": 1, "ur": 1, "?Tigrinya": 1}
    rows = read(out)
    assert [r["name"] for r in rows] == ["A", "B", "C"] and [r["sayit_language"] for r in rows] == ["pl", "ur", ""]
    web = [parse_qs(urlparse(r["web_link"]).query) for r in rows]
    assert web[0] == {"survey": ["bromley_outcomes"], "lang": ["pl"]}
    assert web[1] == {"survey": ["bristol_outcomes"], "lang": ["ur"]} and "lang" not in web[2]
    # the Telegram link's start parameter is what the Telegram channel reads back
    starts = [parse_qs(urlparse(r["telegram_link"]).query)["start"][0] for r in rows]
    assert [invitation(s) for s in starts] == [("pl", "bromley_outcomes", None), ("ur", "bristol_outcomes", None),
                                               (None, "bromley_outcomes", None)]


def test_a_list_that_cannot_be_used_is_refused_and_nothing_is_written(tmp_path):
    out = tmp_path / "links.csv"
    with pytest.raises(InvitationError, match="needs a language column.*name, phone"):
        write_invitations(family_list(tmp_path, [{"name": "A", "phone": "0770"}]), out, "bromley_outcomes",
                          LINKS, SURVEYS)
    with pytest.raises(InvitationError, match="no survey 'nope'"):
        write_invitations(family_list(tmp_path, [{"language": "pl", "survey": "nope"}]), out, "bromley_outcomes",
                          LINKS, SURVEYS)
    with pytest.raises(InvitationError, match="already has web_link"):
        write_invitations(family_list(tmp_path, [{"language": "pl", "web_link": "x"}]), out, "bromley_outcomes",
                          LINKS, SURVEYS)
    assert list(tmp_path.glob("links.csv*")) == []


def test_sayit_invitations_says_what_it_wrote(tmp_path):
    source = family_list(tmp_path, [{"language": "Polish"}, {"language": "Polski"}, {"language": ""}])
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "SAYIT_PUBLIC_URL": "https://sayit.example.gov.uk"}
    done = subprocess.run(SAYIT + ["invitations", "--file", str(source)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Wrote 3 invitations" in done.stderr and "2 in Polski (pl)" in done.stderr
    assert "1 with no language given" in done.stderr
    rows = read(tmp_path / "families-links.csv")
    assert rows[0]["web_link"].startswith("https://sayit.example.gov.uk/webhooks/webchat/chat?")
    assert rows[0]["telegram_link"] == ""  # no SAYIT_TELEGRAM_BOT_NAME, so no Telegram link
