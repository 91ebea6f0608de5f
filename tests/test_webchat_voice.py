"""The web chat's microphone (issue 15): `POST /webhooks/webchat/voice` over real HTTP on loopback against the real
servers, and the record button in headless Chromium, whose fake microphone plays a WAV that espeak-ng made."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import time
import uuid
from pathlib import Path

import pytest
import requests
from selenium.webdriver import Chrome
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement

from bot.store.voice_inbox import MAX_VOICE_BYTES
from bot.translation import messages as m
from bot.translation.speaker import Speaker, reader_of
from tests.running_bot import Bot, serving
from tests.test_webchat import open_browser
from tests.test_webchat_access import (
    LANGUAGES,
    active,
    checked_screen,
    click,
    first_question,
    press,
    reflow_faults,
    scan_to,
    set_width,
    start,
    too_small,
    turn,
    wait,
)

FIRST = "yp_voice_communicate"  # the young person's first question, a 1-5 scale


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    # heard clips are kept a day, so every clip the endpoint takes can be counted, heard or not; English is heard
    # by pocketsphinx, as by default, and Arabic by a council's own recogniser (tests/scripted_recogniser.py), so
    # the page's microphone can be seen right to left; Polish by none
    yield from serving(tmp_path_factory.mktemp("webchat-voice"), SAYIT_MESSAGES_PER_MINUTE="12",
                       SAYIT_REQUESTS_PER_MINUTE_PER_ADDRESS="100000", SAYIT_KEEP_VOICE_DAYS="1",
                       SAYIT_SPEECH_ENGINES="ar=tests.scripted_recogniser:Scripted?transcript=4")


@pytest.fixture(scope="module")
def four_wav(tmp_path_factory):
    """"four" said by espeak-ng (in its US English voice: the recogniser's model is US English), as 16 kHz mono
    WAV with half a second of silence before and a second after."""
    folder = tmp_path_factory.mktemp("four")
    said, four = folder / "said.wav", folder / "four.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-w", str(said), "four"], check=True, timeout=60)
    subprocess.run(["sox", str(said), "-r", "16000", "-c", "1", "-b", "16", str(four), "pad", "0.5", "1"], check=True,
                   timeout=60)
    return four


def clips_kept(bot: Bot) -> int:
    with sqlite3.connect(bot.data_dir / "sayit.db") as db:
        return db.execute("select count(*) from voice_clips").fetchone()[0]


def at_first_question(bot: Bot) -> str:
    """A new web chat session, in English, as a young person, at the first question: its token."""
    token = bot.webchat_token()
    bot.chat(token, "English")
    shown = bot.chat(token, "me").json()
    assert shown[-1]["custom"]["question_id"] == FIRST, shown
    return token


def speak(bot: Bot, token: str | None, audio: object, content_type: str | None = "audio/wav",
          **query: str) -> requests.Response:
    """The page sending a recording: the clip as the body, its message id and the question on screen in the query."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if content_type:
        headers["Content-Type"] = content_type
    params = {"message_id": uuid.uuid4().hex, "question_id": FIRST, **query}
    return requests.post(f"http://127.0.0.1:{bot.port}/webhooks/webchat/voice", headers=headers, params=params,
                         data=audio, timeout=120)


# ---- the endpoint ----

def test_a_recording_with_no_token_or_a_false_one_is_refused_and_nothing_is_kept(bot, four_wav):
    audio = four_wav.read_bytes()
    token = at_first_question(bot)
    before = clips_kept(bot)
    for false in (None, "not-a-token", token + "0"):
        refused = speak(bot, false, audio)
        assert refused.status_code == 401 and "session" in refused.json()["error"]
        assert "X-SayIt-Token" not in refused.headers
    assert clips_kept(bot) == before
    # the same recording with the session's own token is kept, and the conversation answers it
    taken = speak(bot, token, audio)
    assert taken.status_code == 200, taken.text
    assert taken.json() and all(set(msg) >= {"text", "buttons", "custom"} for msg in taken.json())
    assert taken.headers["X-SayIt-Token"].split(".")[0] == token.split(".")[0]  # renewed, the same session
    assert clips_kept(bot) == before + 1


@pytest.mark.parametrize("content_type", ["text/plain", "application/json", "audio/mpeg", "video/webm", None])
def test_a_body_that_is_not_a_recording_the_page_makes_is_refused_kindly(bot, four_wav, content_type):
    token = at_first_question(bot)
    before = clips_kept(bot)
    refused = speak(bot, token, four_wav.read_bytes(), content_type)
    assert refused.status_code == 415
    assert "audio/webm" in refused.json()["error"] and "tap or type" in refused.json()["error"]
    assert clips_kept(bot) == before


def test_each_kind_the_page_may_record_is_taken_with_its_codecs_named(bot, four_wav):
    for kind in ("audio/webm;codecs=opus", "audio/ogg; codecs=opus", "audio/mp4", "AUDIO/WAV"):
        token = at_first_question(bot)
        before = clips_kept(bot)
        assert speak(bot, token, four_wav.read_bytes() + kind.encode(), kind).status_code == 200, kind
        assert clips_kept(bot) == before + 1


def test_a_recording_too_big_is_refused_in_the_persons_language_and_not_kept(bot):
    token = at_first_question(bot)
    before = clips_kept(bot)
    polish = Speaker("pl").say(m.VOICE_TOO_LONG)
    assert polish != m.VOICE_TOO_LONG  # translated, so the check below is of the language
    too_big = speak(bot, token, b"\0" * (MAX_VOICE_BYTES + 1), shown_lang="pl")
    assert too_big.status_code == 413
    assert [(msg["custom"]["type"], msg["text"]) for msg in too_big.json()] == [("voice_too_long", polish)]

    def chunks():  # sent chunked, with no length declared: the server counts as it reads
        for _ in range(MAX_VOICE_BYTES // 65536 + 2):
            yield b"\0" * 65536
    streamed = speak(bot, token, chunks(), shown_lang="pl")
    assert streamed.status_code == 413 and streamed.json()[0]["text"] == polish
    assert clips_kept(bot) == before


def test_only_this_route_takes_more_than_the_servers_request_limit(bot):
    """Sanic refuses any request over SAYIT_MAX_REQUEST_BYTES (256 KB); a spoken answer may be up to
    MAX_VOICE_BYTES, and the typed path's limit stays as it was."""
    big = 300 * 1024
    token = at_first_question(bot)
    assert speak(bot, token, b"RIFF" + b"\0" * big).status_code == 200
    typed = requests.post(f"http://127.0.0.1:{bot.port}/webhooks/webchat/webhook",
                          headers={"Authorization": f"Bearer {token}"},
                          json={"message": "x" * big, "message_id": "too-big-typed"}, timeout=60)
    assert typed.status_code == 413


@pytest.mark.parametrize("query", [{"message_id": "short"}, {"message_id": "no spaces allowed here"},
                                   {"question_id": ""}, {"question_id": "yp voice"}, {"survey": "Not-A-Survey"}])
def test_a_recording_that_names_no_message_or_question_properly_is_refused(bot, query):
    token = at_first_question(bot)
    before = clips_kept(bot)
    refused = speak(bot, token, b"RIFF-audio", **query)
    assert refused.status_code == 400 and refused.json()["error"]
    assert clips_kept(bot) == before


def test_one_person_recording_too_fast_is_asked_to_wait(bot):
    token = at_first_question(bot)  # two messages of the minute's 12
    replies = [speak(bot, token, f"RIFF-{n}".encode()) for n in range(11)]
    assert [r.status_code for r in replies] == [200] * 10 + [429]
    assert replies[-1].json()[0]["custom"]["type"] == "rate_limited"


def test_a_store_that_cannot_keep_the_recording_gets_kind_words_and_a_log_line_without_ids(bot):
    token = at_first_question(bot)
    log = bot.data_dir / "logs" / "rasa.log"
    seen = log.stat().st_size
    with sqlite3.connect(bot.data_dir / "sayit.db") as db:  # the inbox gone, as a full or broken disk would be
        db.execute("alter table voice_clips rename to voice_clips_away")
    try:
        failed = speak(bot, token, b"RIFF-audio", message_id="store-is-away")
    finally:
        with sqlite3.connect(bot.data_dir / "sayit.db") as db:
            db.execute("alter table voice_clips_away rename to voice_clips")
    assert failed.status_code == 200
    assert [msg["custom"]["type"] for msg in failed.json()] == ["turn_failed"]
    assert failed.json()[0]["text"] == Speaker("en").say(m.TURN_FAILED)
    logged = log.read_bytes()[seen:].decode("utf-8")
    assert "a spoken answer could not be kept: OperationalError" in logged
    assert "store-is-away" not in logged and token.split(".")[0] not in logged


# ---- the record button, in headless Chromium whose microphone says "four" ----

def fake_microphone(four: Path) -> tuple[str, ...]:
    # the permission granted as if the person pressed Allow, and the WAV played once as the microphone's sound
    return ("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={four}%noloop")


@pytest.fixture(scope="module")
def browser(four_wav):
    driver = open_browser("en-GB,en", fake_microphone(four_wav))
    driver.set_script_timeout(60)
    yield driver
    driver.quit()


RECORDING = """const b = document.querySelector("#stage button.record");
const t = document.querySelector(".voice .timer");
return b && [b.dataset.state, b.getAttribute("aria-pressed"), b.textContent.trim(), t.hidden ? "" : t.textContent];"""


def record_button(card: WebElement) -> WebElement:
    btn = card.find_element(By.CSS_SELECTOR, ".voice button.record")
    assert btn.text == "Record" and btn.get_attribute("aria-pressed") == "false"
    assert btn.find_element(By.CSS_SELECTOR, "img.symbol").get_attribute("src").endswith("/symbols/control-record.svg")
    return btn


def listening(driver: Chrome) -> list[str]:
    """The button once it records: its state, aria-pressed, its words and the timer."""
    state = wait(driver, 20).until(lambda d: (s := d.execute_script(RECORDING)) and s[0] == "recording" and s)
    assert state[1:3] == ["true", "Stop and send"] and re.fullmatch(r"0:0\d / 0:30", state[3]), state
    said = "return document.getElementById('announcer').textContent === labels.listening"
    wait(driver, 10).until(lambda d: d.execute_script(said))
    return state


def confirmed(driver: Chrome, shown: WebElement) -> WebElement:
    """The turn after a spoken answer: the next question, or first "I heard ... Is that right?", answered Yes."""
    if shown.get_attribute("data-type") == "voice_confirm":
        shown = click(driver, shown, 'button.control[data-control="confirm"]')
    return shown


def replied(driver: Chrome, question: WebElement) -> WebElement:
    """The conversation's reply to the recording has replaced the question (whatever it heard), and the history
    says a spoken answer was sent."""
    after = turn(driver, question)
    mine = "return [...document.querySelectorAll('#earlier li.mine')].map((li) => li.textContent).pop()"
    assert driver.execute_script(mine) == driver.execute_script("return `${labels.you}: ${labels.spoken}`")
    return after


def spoken_answer(bot: Bot, question: str) -> dict[str, str]:
    """The newest web chat session's row for `question` in `sayit export`."""
    rows = [r for r in bot.exported("voice-export.csv") if r["channel"] == "webchat" and r["question_id"] == question]
    return max(rows, key=lambda r: r["answered_at"])


@pytest.fixture(scope="module")
def four_with_room(tmp_path_factory, four_wav):
    """The same "four" with a second and a half of silence before it: on a busy machine the recorder may start a
    moment after the fake microphone does, and must not cut the word."""
    padded = tmp_path_factory.mktemp("four_with_room") / "four.wav"
    subprocess.run(["sox", str(four_wav), str(padded), "pad", "1.5", "1"], check=True, timeout=60)
    return padded


def test_four_said_into_the_microphone_is_heard_and_exported_as_a_spoken_answer(bot, four_with_room):
    # a browser of its own, so its microphone plays "four" from the start when this test first records
    driver = open_browser("en-GB,en", fake_microphone(four_with_room))
    driver.set_script_timeout(60)
    try:
        question = first_question(driver, bot)
        for _attempt in range(3):  # a recording heard wrong is confirmed first; No, and it is said again
            record = record_button(question)
            record.click()
            listening(driver)
            time.sleep(5)  # the silence, "four", and a second after
            record.click()
            assert driver.execute_script(RECORDING)[0] in ("sending", None)  # Sending… until the reply
            after = replied(driver, question)
            if after.get_attribute("data-type") != "voice_confirm" or "I heard “Mostly”." in after.text:
                break
            question = click(driver, after, 'button.control[data-control="not_right"]')
            assert question.get_attribute("data-question") == FIRST  # asked again, nothing stored
        after = confirmed(driver, after)
        assert after.get_attribute("data-question") == "yp_voice_listened_to", after.text
    finally:
        driver.quit()
    row = spoken_answer(bot, FIRST)
    assert (row["value"], row["given_via"], row["status"]) == ("4", "voice", "answered"), row
    assert row["transcript"] in ("four", "fourth", "4") and 0 < float(row["confidence"]) <= 1, row  # 4's phrases


def test_the_microphone_by_keyboard_alone(bot, browser):
    question = first_question(browser, bot)
    assert active(browser).tag_name == "h2"
    for _ in range(3):  # the answers (one tab stop), the answer box, Send
        press(browser, Keys.TAB)
    assert active(browser).get_attribute("id") == "send"
    press(browser, Keys.TAB)
    assert "record" in active(browser).get_attribute("class")
    press(browser, Keys.ENTER)
    listening(browser)
    ActionChains(browser).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
    assert active(browser).get_attribute("id") == "send"  # the rest of the page stays usable while it listens
    press(browser, Keys.TAB)
    assert "record" in active(browser).get_attribute("class")
    time.sleep(2)
    press(browser, Keys.SPACE)  # stop and send
    replied(browser, question)


@pytest.mark.parametrize("mode", ["one", "two"])
def test_the_microphone_by_one_or_two_switches_the_highlight_waiting_on_it_while_it_records(bot, browser, mode):
    step = None if mode == "one" else Keys.SPACE
    shown = start(browser, bot, f"?switch={mode}&scan=500")
    scan_to(browser, "en", step)
    shown = turn(browser, shown)
    scan_to(browser, "young_person", step)
    question = turn(browser, shown)
    on_record = "#stage .scanning.record"
    if step is None:
        wait(browser, 60, 0.02).until(lambda d: d.find_elements(By.CSS_SELECTOR, on_record))
    else:
        for _ in range(20):
            if browser.find_elements(By.CSS_SELECTOR, on_record):
                break
            press(browser, step)
    press(browser, Keys.SPACE if mode == "one" else Keys.ENTER)
    listening(browser)
    time.sleep(2.5)  # five of the one switch's half-second steps: the highlight stays on the button
    assert browser.find_elements(By.CSS_SELECTOR, on_record) and "record" in active(browser).get_attribute("class")
    press(browser, Keys.SPACE if mode == "one" else Keys.ENTER)
    replied(browser, question)


def test_a_recording_under_way_when_a_face_is_tapped_is_never_sent(bot, browser):
    question = first_question(browser, bot)
    before = clips_kept(bot)
    record_button(question).click()
    listening(browser)
    after = click(browser, question, 'button.answer[data-value="2"]')
    assert after.get_attribute("data-question") == "yp_voice_listened_to"
    assert browser.execute_script("return recording") is None  # stopped, not left to send itself at 30 s
    time.sleep(1)  # time for a stray recording to arrive, were one sent
    assert clips_kept(bot) == before
    assert browser.execute_script(RECORDING) == ["idle", "false", "Record", ""]  # the next question's, at rest
    row = spoken_answer(bot, FIRST)
    assert (row["value"], row["given_via"]) == ("2", "button")


def test_a_recording_the_store_cannot_keep_leaves_the_question_to_record_again(bot, browser):
    question = first_question(browser, bot)
    record = record_button(question)
    with sqlite3.connect(bot.data_dir / "sayit.db") as db:
        db.execute("alter table voice_clips rename to voice_clips_away")
    try:
        record.click()
        listening(browser)
        record.click()
        failed = wait(browser, 60).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, '#stage .said li[data-type="turn_failed"]'))[0]
    finally:
        with sqlite3.connect(bot.data_dir / "sayit.db") as db:
            db.execute("alter table voice_clips_away rename to voice_clips")
    assert failed.text == Speaker("en").say(m.TURN_FAILED)
    wait(browser, 10).until(lambda d: d.execute_script(RECORDING)[0] == "idle")
    assert question.is_displayed() and question.get_attribute("data-question") == FIRST  # the same card, still here
    record.click()  # and it records again
    listening(browser)
    time.sleep(2)
    record.click()
    replied(browser, question)


def test_a_language_no_recogniser_hears_has_no_record_button_and_says_why(bot, browser):
    question = first_question(browser, bot, "pl")
    assert question.find_elements(By.CSS_SELECTOR, "button.record") == []
    why = question.find_element(By.CSS_SELECTOR, ".voice-unavailable")
    assert why.text == Speaker("pl", reader_of("young_person")).say(m.VOICE_NOT_IN_LANGUAGE) != m.VOICE_NOT_IN_LANGUAGE
    assert why.get_attribute("aria-live") is None and why.tag_name == "p"  # shown quietly, not announced


def test_without_a_microphone_the_page_says_to_tap_or_type_and_the_button_goes(bot):
    driver = open_browser("en-GB,en")  # no fake microphone, and this machine has none
    try:
        question = first_question(driver, bot)
        record_button(question).click()
        told = wait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#stage .voice-unavailable"))[0]
        assert told.text == "The microphone is not working here, so please tap or type your answer instead."
        assert driver.find_elements(By.CSS_SELECTOR, "#stage button.record") == []
        assert active(driver) == told
        after = click(driver, question, 'button.answer[data-value="3"]')
        assert after.get_attribute("data-question") == "yp_voice_listened_to"
        assert after.find_elements(By.CSS_SELECTOR, "button.record, .voice-unavailable") == []  # gone, quietly
        driver.refresh()  # the same session, carried on: still no button
        again = turn(driver)
        assert again.get_attribute("data-question") == "yp_voice_listened_to"
        assert again.find_elements(By.CSS_SELECTOR, "button.record") == []
        # the next person on this computer is offered it again
        driver.find_element(By.ID, "end").click()
        languages = turn(driver, again)
        roles = click(driver, languages, 'button[data-language="en"]')
        fresh = click(driver, roles, 'button.answer[data-value="young_person"]')
        assert fresh.get_attribute("data-question") == FIRST and record_button(fresh)
    finally:
        driver.quit()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_axe_finds_nothing_with_the_record_button_showing_or_recording_wide_or_narrow(bot, browser, lang):
    found: dict[str, list[str]] = {}
    question = first_question(browser, bot, lang)
    record = question.find_element(By.CSS_SELECTOR, "button.record")
    checked_screen(browser, f"{lang}-voice", found)
    set_width(browser, 320)
    assert not [t for t in too_small(browser) if "record" in t[0]]
    assert not reflow_faults(browser)
    set_width(browser, 1280)
    record.click()
    wait(browser, 20).until(lambda d: d.execute_script(RECORDING)[0] == "recording")
    began = time.monotonic()
    checked_screen(browser, f"{lang}-voice-recording", found)
    timer = question.find_element(By.CSS_SELECTOR, ".voice .timer")
    rtl = browser.execute_script("return getComputedStyle(arguments[0]).direction", record) == "rtl"
    assert rtl == (lang == "ar")
    # the button at the start of the line, the time after it, in the reading direction
    assert (timer.location["x"] < record.location["x"]) == rtl
    assert time.monotonic() - began < 25, "the checks took so long the recording may have stopped by itself"
    record.click()
    replied(browser, question)
    assert not found, "axe found:\n" + "\n".join(f"{screen}:\n  " + "\n  ".join(v) for screen, v in found.items())


def test_it_stops_and_sends_by_itself_after_30_seconds(bot, browser):
    question = first_question(browser, bot)
    record_button(question).click()
    listening(browser)
    began = time.monotonic()
    wait(browser, 40, 0.1).until(lambda d: d.execute_script(RECORDING) is None or
                                 d.execute_script(RECORDING)[0] != "recording")
    assert 29 <= time.monotonic() - began <= 33
    replied(browser, question)
