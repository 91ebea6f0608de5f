"""Advocates end to end, against the real servers (`sayit run`) over HTTP: an account made with `sayit advocates`,
sign-in refused with a wrong password (and an unknown name in the same words), locked after five; a young
person's session started by the council's reference, which is kept nowhere; answers with each kind of help and an
observation, a kind the bot does not know refused, the young person's step-back and asking the advocate back by
their symbols; a disabled account stopped at once; and `sayit export` with the advocate's columns and values."""

from __future__ import annotations

import csv
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import requests
from selenium.webdriver import Chrome
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as seen

from tests.running_bot import ROOT, SAYIT, Bot, serving
from tests.test_webchat import open_browser, stored_answers
from tests.test_webchat_access import SIZES, checked_screen, click, set_width, turn, wait

PASSWORD = "a long passphrase for tests"
REFERENCE = "UPN A123/456-78"
SIGN_INS = 20  # a minute from one address, for these tests (10 by default)


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    yield from serving(tmp_path_factory.mktemp("advocates"), SAYIT_SIGN_INS_PER_MINUTE_PER_ADDRESS=str(SIGN_INS))


def sayit(bot: Bot, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(SAYIT + list(args), cwd=ROOT, env=bot.env, capture_output=True, text=True, timeout=120)


def make_account(bot: Bot, name: str, group: str = "advocates", password: str = PASSWORD) -> None:
    """`sayit advocates add` (or `sayit analysts add`), the password from a file as an administrator's script would."""
    secret = bot.data_dir / f"{name}.password"
    secret.write_text(password + "\n")
    made = sayit(bot, group, "add", name, "--password-file", str(secret))
    assert made.returncode == 0, made.stderr
    secret.unlink()


def post(bot: Bot, path: str, body: dict | None = None, token: str | None = None) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.post(f"http://127.0.0.1:{bot.port}/webhooks/webchat/{path}", json=body or {}, headers=headers,
                         timeout=60)


def sign_in(bot: Bot, name: str, password: str = PASSWORD) -> requests.Response:
    return post(bot, "advocate/sign-in", {"username": name, "password": password})


class Beside:
    """The advocate view's page: the young person's token, the advocate's, and what the panel says."""

    def __init__(self, bot: Bot, young: str, advocate: str):
        self.bot, self.young, self.advocate = bot, young, advocate

    def send(self, text: str, **notes: object) -> requests.Response:
        reply = requests.post(f"http://127.0.0.1:{self.bot.port}/webhooks/webchat/webhook", timeout=60,
                              headers={"Authorization": f"Bearer {self.young}", "X-SayIt-Advocate": self.advocate},
                              json={"message": text, **notes})
        if reply.status_code == 200:
            self.young = reply.headers["X-SayIt-Token"]
            self.advocate = reply.headers["X-SayIt-Advocate"]
        return reply

    def question(self, reply: requests.Response) -> dict:
        assert reply.status_code == 200, reply.text
        return [m["custom"] for m in reply.json() if m["custom"].get("type") == "question"][-1]

    def tap(self, question: dict, value: int, **notes: object) -> dict:
        qid = question["question_id"]
        return self.question(self.send(f'/answer{{"question_id":"{qid}","value":{value}}}', **notes))

    def control(self, question: dict, name: str) -> dict:
        payload = next(c["payload"] for c in question["controls"] if c["value"] == name)
        return self.question(self.send(payload))


def test_an_advocate_session_end_to_end(bot):
    make_account(bot, "j.smith")
    # refused, in the same words, for a wrong password and for a name nobody has
    wrong, unknown = sign_in(bot, "j.smith", "not the password at all"), sign_in(bot, "nobody.here")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json() == {"error": "sign_in_refused"}
    assert "token" not in wrong.text
    # a young person's session token is not an advocate's
    assert post(bot, "advocate/start", {"reference": REFERENCE}, bot.webchat_token()).status_code == 401
    assert post(bot, "advocate/start", {"reference": REFERENCE}).status_code == 401

    advocate = sign_in(bot, "J.Smith").json()["token"]
    assert post(bot, "advocate/start", {"reference": "<script>"}, advocate).status_code == 400
    started = post(bot, "advocate/start", {"reference": REFERENCE}, advocate).json()["token"]
    again = post(bot, "advocate/start", {"reference": " upn  a123/456-78 "}, advocate).json()["token"]
    assert started.split(".")[0] == again.split(".")[0]  # the same reference is the same young person
    other = post(bot, "advocate/start", {"reference": "UPN B999"}, advocate).json()["token"]
    assert other.split(".")[0] != started.split(".")[0]
    assert REFERENCE.lower() not in started.lower()

    page = Beside(bot, started, advocate)
    page.send("hello")
    page.send("English")
    first = page.question(page.send("me"))
    assert first["advocate"] == {"stepped_back": False} and first["controls"][0]["value"] == "step_back"
    second = page.tap(first, 5, assistance="chose_themselves", observation="Smiled and reached for it at once")
    third = page.tap(second, 2, assistance="used_aid", observation="Pointed on her communication book")
    # a kind of help the bot does not know: nothing kept, and said kindly, where the young person is
    refused = page.send(f'/answer{{"question_id":"{third["question_id"]}","value":4}}', assistance="did_it")
    assert "not kept" in refused.json()[0]["text"] and page.question(refused)["question_id"] == third["question_id"]
    fourth = page.question(page.send("yeah mostly", question_id=third["question_id"], assistance="interpreted",
                                     observation="Nodded twice; I took it as mostly"))
    # the young person asks, by the symbol, for the advocate to step back
    stepped = page.control(fourth, "step_back")
    assert stepped["advocate"] == {"stepped_back": True} and stepped["controls"][0]["value"] == "advocate_back"
    fifth = page.tap(stepped, 3, assistance="interpreted")  # whatever the panel says, it is theirs alone
    sixth = page.tap(fifth, 4)
    back = page.control(sixth, "advocate_back")
    assert back["advocate"] == {"stepped_back": False}
    page.tap(back, 1, assistance="used_aid")

    # a forged advocate token reaches nothing; a disabled account is stopped at its next message
    forged = Beside(bot, page.young, page.advocate[:-4] + "0000")
    assert forged.send("hello").status_code == 401
    make_account(bot, "a.jones")
    second_advocate = Beside(bot, post(bot, "advocate/start", {"reference": "UPN C1"}, advocate).json()["token"],
                             sign_in(bot, "a.jones").json()["token"])
    assert second_advocate.send("hello").status_code == 200
    assert sayit(bot, "advocates", "disable", "a.jones").returncode == 0
    assert second_advocate.send("English").status_code == 401
    assert sign_in(bot, "a.jones").status_code == 401

    # signed out, the advocate's token no longer starts anything
    assert post(bot, "advocate/sign-out", token=page.advocate).json() == {"signed_out": True}
    assert post(bot, "advocate/start", {"reference": REFERENCE}, page.advocate).status_code == 401

    out = bot.data_dir / "answers.csv"
    done = sayit(bot, "export", "--format", "csv", "--include-free-text", "--out", str(out))
    assert done.returncode == 0, done.stderr
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {"advocate", "assistance", "observation"} <= set(rows[0])
    ours = [r for r in rows if r["assistance"]]
    listed = sayit(bot, "advocates", "list").stdout.splitlines()
    smith = next(line.split("\t")[0] for line in listed if "\tj.smith\t" in line)
    assert {r["advocate"] for r in ours} == {smith}
    assert [(r["question_id"], r["value"], r["assistance"], r["observation"]) for r in ours] == [
        (first["question_id"], "5", "chose_themselves", "Smiled and reached for it at once"),
        (second["question_id"], "2", "used_aid", "Pointed on her communication book"),
        (third["question_id"], "4", "interpreted", "Nodded twice; I took it as mostly"),
        (fourth["question_id"], "3", "unassisted", ""),
        (fifth["question_id"], "4", "unassisted", ""),
        (sixth["question_id"], "1", "used_aid", ""),
    ]
    # the reference is kept nowhere: not in the database, the logs or anything else the bot wrote
    for path in bot.data_dir.rglob("*"):
        if path.is_file():
            written = path.read_bytes().upper()
            assert b"A123/456" not in written and PASSWORD.encode().upper() not in written, path


def test_a_spoken_answer_beside_an_advocate_keeps_how_it_was_given(bot):
    make_account(bot, "v.voice")
    advocate = sign_in(bot, "v.voice").json()["token"]
    page = Beside(bot, post(bot, "advocate/start", {"reference": "UPN VOICE1"}, advocate).json()["token"], advocate)
    page.send("hello")
    page.send("English")
    first = page.question(page.send("me"))
    said = subprocess.run(["espeak-ng", "-v", "en-us", "--stdout", "not really"], capture_output=True,
                          check=True).stdout
    reply = requests.post(f"http://127.0.0.1:{bot.port}/webhooks/webchat/voice", data=said, timeout=120,
                          params={"message_id": "spoken-beside-1", "question_id": first["question_id"],
                                  "assistance": "used_aid", "observation": "Said it with her talker"},
                          headers={"Authorization": f"Bearer {page.young}", "X-SayIt-Advocate": page.advocate,
                                   "Content-Type": "audio/wav"})
    assert reply.status_code == 200, reply.text
    assert reply.headers["X-SayIt-Advocate"]  # the advocate's token renewed, as for a typed answer
    out = bot.data_dir / "spoken-beside.csv"
    assert sayit(bot, "export", "--format", "csv", "--include-free-text", "--out", str(out)).returncode == 0
    with out.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["given_via"] == "voice"]
    assert [(r["value"], r["transcript"], r["assistance"], r["observation"]) for r in rows] == [
        ("2", "not really", "used_aid", "Said it with her talker")]


def test_five_wrong_passwords_lock_the_account(bot):
    make_account(bot, "k.lock")
    for _ in range(5):
        assert sign_in(bot, "k.lock", "wrong wrong wrong").status_code == 401
    locked = sign_in(bot, "k.lock")
    assert locked.status_code == 401 and locked.json() == {"error": "sign_in_refused"}
    listed = sayit(bot, "advocates", "list").stdout
    assert "k.lock\tlocked until" in listed
    assert sayit(bot, "advocates", "reset-password", "k.lock", "--password-file",
                 str(_password_file(bot))).returncode == 0
    assert sign_in(bot, "k.lock").status_code == 200


def _password_file(bot: Bot):
    secret = bot.data_dir / "reset.password"
    secret.write_text(PASSWORD + "\n")
    return secret


PANEL_TARGETS = ("#advocate-panel label.toggle, #advocate-panel textarea, #adv-sign-out, .adv-form input, "
                 ".adv-form button")


def on_screen_targets_too_small(driver) -> list:
    sizes = driver.execute_script(SIZES, PANEL_TARGETS)
    assert sizes, "no targets of the advocate view on screen"
    return [(what, w, h) for what, w, h in sizes if w < 44 or h < 44]


@contextmanager
def advocate_page(bot: Bot, accept_language: str = "en-GB,en") -> Iterator[Chrome]:
    """A fresh browser on the advocate view (nothing kept from an earlier test), closed afterwards."""
    driver = open_browser(accept_language)
    driver.set_script_timeout(60)
    try:
        origin = f"http://127.0.0.1:{bot.port}/webhooks/webchat"
        driver.get(f"{origin}/labels")
        driver.execute_script("sessionStorage.clear()")
        set_width(driver, 1280)
        driver.get(f"{origin}/chat?advocate=1")
        yield driver
    finally:
        driver.quit()


def assert_axe_found_nothing(found: dict[str, list[str]]) -> None:
    assert not found, "axe found:\n" + "\n".join(f"{screen}:\n  " + "\n  ".join(v) for screen, v in found.items())


def test_the_advocate_view_in_a_browser(bot):
    """Signing in, starting by reference, the panel beside the young person's question, each kind of help, the
    step-back by symbol, all by the page itself; axe finds nothing on any of its screens, wide or at 320 px, and
    every target of the advocate's is at least 44 px."""
    make_account(bot, "b.rowser")
    found: dict[str, list[str]] = {}
    with advocate_page(bot) as driver:
        name = wait(driver).until(seen.visibility_of_element_located((By.ID, "adv-username")))
        assert driver.switch_to.active_element == name  # the sign-in is where the focus starts
        assert not driver.find_element(By.ID, "advocate-panel").is_displayed()
        checked_screen(driver, "advocate-sign-in", found)
        name.send_keys("b.rowser")
        driver.find_element(By.ID, "adv-password").send_keys("not the right one", Keys.ENTER)
        refusal = wait(driver).until(seen.visibility_of_element_located((By.ID, "adv-refused")))
        assert driver.switch_to.active_element == refusal and "do not match" in refusal.text
        checked_screen(driver, "advocate-refused", found)
        driver.find_element(By.ID, "adv-password").send_keys(PASSWORD, Keys.ENTER)
        given = wait(driver).until(seen.visibility_of_element_located((By.ID, "adv-ref")))
        assert driver.execute_script("return document.getElementById('adv-password').value") == ""
        checked_screen(driver, "advocate-reference", found)
        assert not on_screen_targets_too_small(driver)
        given.send_keys("<not a reference>", Keys.ENTER)  # said kindly, where to look
        bad = wait(driver).until(seen.visibility_of_element_located((By.ID, "adv-ref-bad")))
        assert driver.switch_to.active_element == bad and "as the council writes it" in bad.text
        checked_screen(driver, "advocate-reference-refused", found)
        given.clear()
        given.send_keys("UPN BROWSER 1", Keys.ENTER)
        languages = turn(driver)
        roles = click(driver, languages, 'button[data-language="en"]')
        question = click(driver, roles, 'button.answer[data-value="young_person"]')
        panel = driver.find_element(By.ID, "advocate-panel")
        assert panel.is_displayed() and "beside them" in panel.find_element(By.ID, "adv-state").text
        checked_screen(driver, "advocate-question", found)
        assert not on_screen_targets_too_small(driver)
        first = question.get_attribute("data-question")
        # by keyboard alone, from the question's heading: Tab to the panel's choices, the arrow keys between
        # them, Tab on to the observation
        assert driver.switch_to.active_element == question.find_element(By.CSS_SELECTOR, "h2")
        for _ in range(40):
            ActionChains(driver).send_keys(Keys.TAB).perform()
            if driver.switch_to.active_element.get_attribute("name") == "assistance":
                break
        radio = driver.switch_to.active_element
        assert radio.get_attribute("name") == "assistance", "Tab never reached the advocate's panel"
        ActionChains(driver).send_keys(Keys.SPACE).perform()
        ActionChains(driver).send_keys(Keys.ARROW_DOWN).perform()
        assert driver.execute_script("return document.querySelector('#adv-how input:checked').value") == "used_aid"
        ActionChains(driver).send_keys(Keys.TAB).perform()
        assert driver.switch_to.active_element.get_attribute("id") == "adv-observation"
        ActionChains(driver).send_keys("Pointed at the face on her board").perform()
        second = click(driver, question, 'button.answer[data-value="4"]')
        assert driver.find_element(By.ID, "adv-observation").get_attribute("value") == ""  # kept with the answer
        asked_second = second.get_attribute("data-question")
        session = driver.execute_script("return shownMessages[0].custom.session_id")
        stepped = click(driver, second, 'button[data-control="step_back"]')
        assert "step back" in panel.find_element(By.ID, "adv-state").text
        assert not driver.find_element(By.CSS_SELECTOR, "#adv-how input[value=interpreted]").is_enabled()
        checked_screen(driver, "advocate-stepped-back", found)
        third = click(driver, stepped, 'button.answer[data-value="2"]')
        asked_third = third.get_attribute("data-question")
        back = click(driver, third, 'button[data-control="advocate_back"]')
        assert "beside them" in panel.find_element(By.ID, "adv-state").text
        driver.find_element(By.CSS_SELECTOR, "label.toggle.big:has(input[value=interpreted])").click()
        click(driver, back, 'button.answer[data-value="5"]')
        driver.find_element(By.ID, "adv-sign-out").click()
        wait(driver).until(seen.visibility_of_element_located((By.ID, "adv-username")))
        assert driver.execute_script("return sessionStorage.getItem('sayit-advocate')") is None
    assert_axe_found_nothing(found)
    # this young person's answers, in the order given: one with help, one after the step-back, one with it again
    mine = sorted((a for a in stored_answers(bot).values() if a["session_id"] == session), key=lambda a: a["id"])
    assert [(a["question_id"], a["assistance"], a["observation"]) for a in mine] == [
        (first, "used_aid", "Pointed at the face on her board"), (asked_second, "unassisted", None),
        (asked_third, "interpreted", None)]


def test_the_advocate_view_in_arabic_turns_right_to_left_and_axe_still_finds_nothing(bot):
    """The young person chooses Arabic: the page and the advocate's panel follow it, right to left."""
    found: dict[str, list[str]] = {}
    with advocate_page(bot, "ar,en") as driver:
        wait(driver).until(seen.visibility_of_element_located((By.ID, "adv-username"))).send_keys("b.rowser")
        driver.find_element(By.ID, "adv-password").send_keys(PASSWORD, Keys.ENTER)
        wait(driver).until(seen.visibility_of_element_located((By.ID, "adv-ref"))).send_keys("UPN ARABIC 1", Keys.ENTER)
        roles = click(driver, turn(driver), 'button[data-language="ar"]')
        question = click(driver, roles, 'button.answer[data-value="young_person"]')
        wait(driver).until(lambda d: d.execute_script("return document.documentElement.dir") == "rtl")
        panel = driver.find_element(By.ID, "advocate-panel")
        assert "المناصر" in panel.find_element(By.ID, "adv-panel-heading").text
        # the panel is beside the question, on its left in a right-to-left page
        assert panel.rect["x"] < question.rect["x"]
        checked_screen(driver, "advocate-question-ar", found)
        stepped = click(driver, question, 'button[data-control="step_back"]')
        assert stepped.find_element(By.CSS_SELECTOR, 'button[data-control="advocate_back"]')
        checked_screen(driver, "advocate-stepped-back-ar", found)
    assert_axe_found_nothing(found)


def test_sign_ins_from_one_address_are_limited_and_odd_ones_refused(bot):
    assert sign_in(bot, "j.smith", "x" * 10_000).status_code == 401
    raw = requests.post(f"http://127.0.0.1:{bot.port}/webhooks/webchat/advocate/sign-in", data="not json",
                        timeout=60)
    assert raw.status_code in (400, 401)
    statuses = [sign_in(bot, "someone.guessing", "guess").status_code for _ in range(SIGN_INS + 1)]
    assert statuses[-1] == 429  # the address waits a minute, whatever name it tries
    assert "too_many_tries" in sign_in(bot, "j.smith").json()["error"]
