"""The analysts' page against the real servers: a refused sign-in in headless Chromium (the same words whatever
was wrong), then a named analyst signs in by keyboard, reads the termly report and downloads the answers, which
openpyxl reads back as the store holds them; axe-core finds nothing on any screen at 1280 or 320 px; every
download is logged with who and when; no page or file is reached without signing in; five wrong passwords lock
the account; a disabled account is stopped at once."""

from __future__ import annotations

import io
from datetime import date

import pytest
import requests
from openpyxl import load_workbook
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from bot.reports.indicators import current_term
from tests.running_bot import Bot, serving
from tests.test_advocates import make_account, sayit
from tests.test_webchat import open_browser, stored_answers
from tests.test_webchat_access import axe_violations, screenshot, set_width, wait

PASSWORD = "another long passphrase for tests"
SIGN_INS = 40


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    yield from serving(tmp_path_factory.mktemp("analysts"), SAYIT_SIGN_INS_PER_MINUTE_PER_ADDRESS=str(SIGN_INS))


def page_url(bot: Bot, path: str = "") -> str:
    return f"http://127.0.0.1:{bot.port}/webhooks/analysts/{path}"


def make_analyst(bot: Bot, name: str) -> None:
    make_account(bot, name, "analysts", PASSWORD)


def sign_in(bot: Bot, name: str, password: str = PASSWORD) -> requests.Session:
    http = requests.Session()
    http.post(page_url(bot, "sign-in"), data={"username": name, "password": password}, timeout=60)
    return http


def checked(driver, name: str) -> None:
    for width in (1280, 320):
        set_width(driver, width)
        screenshot(driver, f"analysts-{name}-{width}")
        assert axe_violations(driver) == [], (name, width)
        assert driver.execute_script("return document.documentElement.scrollWidth <= innerWidth")
    set_width(driver, 1280)


def test_an_analyst_signs_in_reads_the_report_and_downloads_the_answers(bot):
    for n in range(3):
        for text in ("English", "me", "5", "4", "stop"):
            bot.say(f"young-{n}", text)
    browser = open_browser()
    browser.set_script_timeout(60)
    try:
        browser.get(page_url(bot))
        field = wait(browser).until(lambda d: d.find_element(By.ID, "username"))
        checked(browser, "sign-in")
        field.send_keys("nobody")
        browser.find_element(By.ID, "password").send_keys("not the password at all", Keys.ENTER)
        refusal = wait(browser).until(lambda d: d.find_element(By.CSS_SELECTOR, ".error"))
        assert "did not sign you in" in refusal.text
        checked(browser, "refused")

        make_analyst(bot, "a.analyst")
        browser.find_element(By.ID, "username").send_keys("A.Analyst")
        browser.find_element(By.ID, "password").send_keys(PASSWORD, Keys.ENTER)
        wait(browser).until(lambda d: d.find_element(By.ID, "report-survey"))
        assert "Signed in as a.analyst" in browser.page_source
        checked(browser, "choose")
        term = current_term(date.today())
        browser.find_element(By.CSS_SELECTOR, "#report-survey option[value=shropshire_annual_review]").click()
        browser.find_element(By.CSS_SELECTOR, f"#report-term option[value='{term}']").click()
        browser.find_element(By.CSS_SELECTOR, "form[action$=report] button").send_keys(Keys.ENTER)
        wait(browser).until(lambda d: "/report?" in d.current_url)
        heading = wait(browser).until(lambda d: d.find_element(By.TAG_NAME, "h1"))
        assert heading.text.endswith(term) and "fewer than 5 respondents" in browser.page_source  # 3 people
        checked(browser, "report")

        http = requests.Session()
        http.cookies.update({c["name"]: c["value"] for c in browser.get_cookies()})
        got = http.get(page_url(bot, "export"), params={"survey": "shropshire_annual_review", "term": term,
                                                        "format": "xlsx"}, timeout=120)
    finally:
        browser.quit()
    assert got.status_code == 200, got.text[:300]
    assert got.headers["Content-Disposition"] == f'attachment; filename="shropshire_annual_review-{term}.xlsx"'
    book = load_workbook(io.BytesIO(got.content), read_only=True)
    assert book.sheetnames[:2] == ["answers", "codebook"]
    header, *rows = book["answers"].values
    stored = stored_answers(bot)
    assert len(rows) == len(stored) == 6 and "raw_reply" not in header
    values = sorted((r[header.index("question_id")], r[header.index("value")]) for r in rows)
    assert values == sorted((row["question_id"], row["value"]) for row in stored.values())

    log = sayit(bot, "analysts", "downloads")
    assert log.returncode == 0
    lines = log.stdout.splitlines()
    assert len(lines) == 2 and all("a.analyst" in line and term in line for line in lines)
    assert "\txlsx\t" in lines[0] and "6 rows" in lines[0] and "\treport\t" in lines[1]


def test_nothing_is_reached_without_signing_in(bot):
    term = current_term(date.today())
    for path in ("report", "export"):
        got = requests.get(page_url(bot, path), params={"survey": "shropshire_annual_review", "term": term,
                                                        "format": "csv"}, timeout=60)
        assert got.status_code == 401 and "Sign in" in got.text and "session_id" not in got.text
    forged = requests.get(page_url(bot, "export"), cookies={"sayit_analyst": "1_abc.9999999999." + "0" * 64},
                          params={"survey": "shropshire_annual_review", "term": term, "format": "csv"}, timeout=60)
    assert forged.status_code == 401
    assert requests.get(page_url(bot), timeout=60).headers["Content-Security-Policy"].startswith("default-src 'none'")


def test_five_wrong_passwords_lock_the_account_and_a_disabled_one_stops_at_once(bot):
    make_analyst(bot, "b.analyst")
    signed_in = sign_in(bot, "b.analyst")
    term = current_term(date.today())
    query = {"survey": "bromley_outcomes", "term": term, "format": "csv"}
    assert signed_in.get(page_url(bot, "export"), params=query, timeout=60).status_code == 200
    for _ in range(5):
        wrong = requests.post(page_url(bot, "sign-in"), data={"username": "b.analyst", "password": "wrong " * 3},
                              timeout=60)
        assert wrong.status_code == 401
    locked = requests.post(page_url(bot, "sign-in"), data={"username": "b.analyst", "password": PASSWORD},
                           timeout=60, allow_redirects=False)
    assert locked.status_code == 401 and "did not sign you in" in locked.text
    assert sayit(bot, "analysts", "disable", "b.analyst").returncode == 0
    assert signed_in.get(page_url(bot, "export"), params=query, timeout=60).status_code == 401
    unknown = signed_in.get(page_url(bot, "report"), params={"survey": "nope", "term": term}, timeout=60)
    assert unknown.status_code == 401
