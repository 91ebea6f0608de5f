"""The web chat (channels/webchat.py) in a real browser: headless Chromium, driven by Selenium, against the
real servers. A young person taps a face, types an answer, and both land in the store."""

from __future__ import annotations

import json
import shutil
import tempfile

import pytest
import requests
import sqlalchemy as sa
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as seen
from selenium.webdriver.support.ui import WebDriverWait

from bot.media.symbols import symbol_svg
from bot.store.schema import responses
from bot.store.survey_store import SurveyStore
from bot.surveys.loading import load_surveys
from tests.running_bot import serving
from tests.test_fuzz import FUZZ, JSON, REPLIES

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


WEBCHAT_LIMIT = 12  # messages a minute from one person, for these tests (60 by default)


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    yield from serving(tmp_path_factory.mktemp("webchat"), SAYIT_MESSAGES_PER_MINUTE=str(WEBCHAT_LIMIT))


def open_browser(accept_language: str = "en-GB,en", flags: tuple[str, ...] = ()):
    if not shutil.which(CHROMEDRIVER):
        pytest.fail(f"{CHROMEDRIVER} is missing: run the tests with `make test`, which installs Chromium")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={tempfile.mkdtemp()}", "--window-size=800,1200", *flags):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": accept_language})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


@pytest.fixture
def browser():
    driver = open_browser()
    yield driver
    driver.quit()


def question_shown(driver, question_id):
    return WebDriverWait(driver, 60).until(
        seen.presence_of_element_located((By.CSS_SELECTOR, f'section.card[data-question="{question_id}"]')))


def test_a_young_person_answers_in_the_browser(bot, browser):
    browser.get(f"http://127.0.0.1:{bot.port}/webhooks/webchat/chat")
    english = WebDriverWait(browser, 60).until(
        seen.element_to_be_clickable((By.CSS_SELECTOR, 'button[data-language="en"]')))
    english.click()
    role = WebDriverWait(browser, 60).until(
        seen.element_to_be_clickable((By.XPATH, "//button[contains(., 'Me, a young person')]")))
    assert "stop at any time" in browser.find_element(By.ID, "stage").text
    role.click()
    first = question_shown(browser, "yp_voice_communicate")
    assert "Do people help you tell them" in first.text
    faces = first.find_elements(By.CSS_SELECTOR, "button.answer")
    assert [b.text for b in faces] == ["No, never", "Not often", "Sometimes", "Mostly", "Yes, always"]
    pictures = [b.find_element(By.CSS_SELECTOR, "img.symbol").get_attribute("src").rsplit("/", 1)[-1] for b in faces]
    assert pictures == [f"face-{n}.svg" for n in ("very-sad", "sad", "neutral", "happy", "very-happy")]
    assert browser.switch_to.active_element == first.find_element(By.CSS_SELECTOR, "h2.question")
    first.find_element(By.XPATH, ".//button[contains(., 'Mostly')]").click()
    question_shown(browser, "yp_voice_listened_to")
    box = browser.find_element(By.ID, "text")
    box.send_keys("not really", Keys.ENTER)
    third = question_shown(browser, "yp_voice_plan_decisions")
    browser.save_screenshot(str(bot.data_dir / "webchat.png"))
    assert "Question 3 of 25." in third.text  # the position in words, in the chosen language

    store = SurveyStore.open(f"sqlite:///{bot.data_dir / 'sayit.db'}")
    session = store.latest_session(1)
    saved = store.answers(session.id)
    store.close()
    assert (saved["yp_voice_communicate"]["value"], saved["yp_voice_communicate"]["given_via"]) == (4, "button")
    assert (saved["yp_voice_listened_to"]["value"], saved["yp_voice_listened_to"]["raw_reply"]) == (2, "not really")

    # Arabic typed into the chat runs right to left in the history; the English question stays left to right
    box = browser.find_element(By.ID, "text")
    box.send_keys("أحيانا", Keys.ENTER)
    mine = "return [...document.querySelectorAll('#earlier li.mine bdi')].map((b) => b.textContent)"
    WebDriverWait(browser, 60).until(lambda d: "أحيانا" in d.execute_script(mine))
    direction_of = "return getComputedStyle([...document.querySelectorAll(arguments[0])].pop()).direction"
    assert browser.execute_script(direction_of, "#earlier li.mine bdi") == "rtl"
    assert browser.execute_script(direction_of, "section.card h2.question") == "ltr"


def test_the_webhook_acts_once_on_a_message_sent_twice_and_refuses_bad_input(bot):
    token = bot.webchat_token()
    bot.chat(token, "English", message_id="first-message")
    bot.chat(token, "me", message_id="second-message")
    once = bot.chat(token, "5", message_id="third-message")
    twice = bot.chat(token, "5", message_id="third-message")
    assert once.json()[0]["custom"]["question_id"] == "yp_voice_listened_to"
    assert twice.json()[0]["custom"]["question_id"] == "yp_voice_listened_to"
    assert "already have" in twice.json()[0]["text"]
    assert all(set(m) >= {"text", "buttons", "custom"} for m in once.json())  # one whole message each
    # the symbol beside each answer is served as SVG (bot/media/symbols.py); a name that is no symbol is not
    symbols = f"http://127.0.0.1:{bot.port}/webhooks/webchat/symbols"
    face = requests.get(f"{symbols}/{once.json()[0]['custom']['choices'][4]['symbol']}.svg", timeout=60)
    assert face.status_code == 200 and face.headers["content-type"].startswith("image/svg+xml")
    assert face.text == symbol_svg("face-very-happy")
    assert requests.get(f"{symbols}/..%2F..%2Fpyproject.toml", timeout=60).status_code == 404

    for bad in ({"message": ""}, {}, {"message": "hi", "survey": "../etc"}, {"message": "5", "message_id": "short"},
                {"message": "hi", "family": "../x"}, {"message": "hi", "family": "0123456789ABCDEF"}):
        refused = requests.post(f"http://127.0.0.1:{bot.port}/webhooks/webchat/webhook", json=bad, timeout=60,
                                headers={"Authorization": f"Bearer {token}"})
        assert refused.status_code == 400 and refused.json()["error"]


def test_an_invitation_that_names_a_family_asks_before_the_first_question(bot):
    token = bot.webchat_token()
    for text in ("English", "me"):
        reply = bot.chat(token, text, family="0123456789abcdef")
        token = reply.headers["X-SayIt-Token"]
    assert reply.json()[-1]["custom"]["type"] == "family_link"
    assert bot.chat(token, "yes").json()[-1]["custom"]["question_id"] == "yp_voice_communicate"


def stored_answers(bot) -> dict[str, dict]:
    """Every answer in the store, by session and question."""
    store = SurveyStore.open(f"sqlite:///{bot.data_dir / 'sayit.db'}")
    try:
        with store.engine.connect() as conn:
            rows = conn.execute(sa.select(responses)).mappings().all()
        return {f"{r['session_id']}/{r['question_id']}": dict(r) for r in rows}
    finally:
        store.close()


def test_only_the_holder_of_a_genuine_unexpired_token_reaches_a_conversation(bot):
    mine = bot.webchat_token()
    bot.chat(mine, "English")
    bot.chat(mine, "me")
    bot.chat(mine, "my secret answer")
    before = stored_answers(bot)
    sender, expires, signature = mine.split(".")
    forged = [None, "", "not-a-token", f"{sender}.{expires}.{'0' * 64}",  # a signature made up
              f"{sender}.{int(expires) + 9999}.{signature}",  # the expiry pushed back
              f"someone-else-entirely-000000.{expires}.{signature}"]  # another person's id
    for token in forged:
        refused = bot.chat(token, "back")
        assert refused.status_code == 401, token
        assert "my secret answer" not in refused.text
    # a new token is a new person: going back shows nothing of anyone else's answers
    theirs = bot.webchat_token()
    assert theirs.split(".")[0] != sender
    assert "my secret answer" not in bot.chat(theirs, "back").text
    assert stored_answers(bot) == before  # nothing the refused requests sent was stored


def test_ending_a_session_means_its_token_no_longer_works(bot):
    token = bot.webchat_token()
    assert bot.chat(token, "English").status_code == 200
    ended = requests.post(f"http://127.0.0.1:{bot.port}/webhooks/webchat/end", timeout=60,
                          headers={"Authorization": f"Bearer {token}"})
    assert ended.json() == {"ended": True}
    assert bot.chat(token, "me").status_code == 401


def test_a_typed_reply_for_an_earlier_question_is_not_stored_against_the_next(bot):
    token = bot.webchat_token()
    bot.chat(token, "English")
    bot.chat(token, "me")
    first = bot.chat(token, "5", question_id="yp_voice_communicate").json()
    assert first[0]["custom"]["question_id"] == "yp_voice_listened_to"
    session = first[0]["custom"]["session_id"]
    # the reply to the first question was lost; the person types again on the screen they still see
    stale = bot.chat(token, "no never", question_id="yp_voice_communicate").json()
    assert stale[0]["custom"]["question_id"] == "yp_voice_listened_to"  # shown where they are
    assert stale[0]["custom"]["intro"].startswith("That answer was for an earlier question")
    saved = stored_answers(bot)
    assert saved[f"{session}/yp_voice_communicate"]["value"] == 5
    assert f"{session}/yp_voice_listened_to" not in saved


def test_a_reply_too_long_to_keep_is_refused_kindly_and_stores_nothing(bot):
    token = bot.webchat_token()
    bot.chat(token, "English")
    bot.chat(token, "me")
    before = stored_answers(bot)
    reply = bot.chat(token, "I think " * 400)
    assert reply.status_code == 200
    assert reply.json()[0]["custom"]["question_id"] == "yp_voice_communicate"  # the same question again
    assert "up to 2000 characters" in reply.json()[0]["custom"]["intro"]
    assert stored_answers(bot) == before


def test_one_sender_writing_too_fast_is_asked_to_wait_then_quietly_refused(bot):
    token = bot.webchat_token()
    replies = [bot.chat(token, "hello") for _ in range(WEBCHAT_LIMIT + 2)]
    assert [r.status_code for r in replies[:WEBCHAT_LIMIT]] == [200] * WEBCHAT_LIMIT
    told, quiet = replies[WEBCHAT_LIMIT], replies[WEBCHAT_LIMIT + 1]
    assert told.status_code == 429 and told.json()[0]["custom"]["type"] == "rate_limited"
    assert "wait a minute" in told.json()[0]["text"]
    assert quiet.status_code == 429
    assert bot.chat(bot.webchat_token(), "hello").status_code == 200  # everyone else carries on


def test_a_flood_of_texts_or_telegram_messages_gets_one_please_wait_then_nothing(bot):
    # the last is sent nothing: waited for 5 seconds, not a minute
    replies = [bot.text("+447700900999", "hello", wait=60 if n <= WEBCHAT_LIMIT else 5)
               for n in range(WEBCHAT_LIMIT + 2)]
    assert all(status == 200 for status, _ in replies)
    assert all(len(texts) == 1 for _, texts in replies[:WEBCHAT_LIMIT])
    assert replies[WEBCHAT_LIMIT][1] == ["You are sending messages very fast. Please wait a minute, then send your "
                                         "answer again."]
    assert replies[WEBCHAT_LIMIT + 1][1] == []  # no text back: a flood does not run up the council's bill

    chat = {"id": 4242, "type": "private"}
    before = len(bot.telegram_calls())
    for n in range(WEBCHAT_LIMIT + 2):
        bot.telegram_deliver({"update_id": 70_000 + n, "message": {
            "message_id": n + 1, "date": 1_790_000_000, "chat": chat, "text": "hello",
            "from": {"id": 4242, "is_bot": False, "first_name": "A", "language_code": "en"}}})
    sent = [c["params"]["text"] for c in bot.telegram_calls()[before:] if c["method"] == "sendMessage"]
    assert len(sent) == WEBCHAT_LIMIT + 1 and sent[-1].startswith("You are sending messages very fast.")


def test_the_browsers_language_preselects_and_each_name_is_shown_in_its_own_direction(bot):
    driver = open_browser("pl-PL,pl;q=0.9,en;q=0.5")
    try:
        driver.get(f"http://127.0.0.1:{bot.port}/webhooks/webchat/chat")
        first = WebDriverWait(driver, 60).until(
            seen.element_to_be_clickable((By.CSS_SELECTOR, ".choices button[data-language]")))
        assert (first.get_attribute("lang"), first.text) == ("pl", "Polski")
        assert "preselected" in first.get_attribute("class")
        drawn = "const i = arguments[0].querySelector('img.symbol'); return i.complete && i.naturalWidth"
        assert WebDriverWait(driver, 30).until(lambda d: d.execute_script(drawn, first)) > 0  # its symbol shows
        assert driver.find_element(By.CSS_SELECTOR, 'section[data-type="choose_language"] h2').text.startswith(
            "W jakim języku prowadzić rozmowę?")
        direction = "return getComputedStyle(arguments[0]).direction"
        arabic = driver.find_element(By.CSS_SELECTOR, 'button[data-language="ar"]')
        assert (arabic.text, driver.execute_script(direction, arabic)) == ("العربية", "rtl")
        assert driver.execute_script(direction, first) == "ltr"
        arabic.click()
        welcome = WebDriverWait(driver, 60).until(
            seen.presence_of_element_located((By.CSS_SELECTOR, 'li[data-type="welcome"]')))
        assert welcome.get_attribute("lang") == "ar" and driver.execute_script(direction, welcome) == "rtl"
        # the page's own words follow the chosen language, and the whole page turns right to left
        WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, "send").text == "إرسال")
        assert driver.find_element(By.ID, "answer-label").text == "إجابتك"
        assert driver.execute_script("return document.documentElement.dir") == "rtl"

        driver.delete_all_cookies()
        driver.execute_script("sessionStorage.clear()")  # a new person: the invitation's language beats the browser
        driver.get(f"http://127.0.0.1:{bot.port}/webhooks/webchat/chat?lang=ur")
        first = WebDriverWait(driver, 60).until(
            seen.element_to_be_clickable((By.CSS_SELECTOR, ".choices button[data-language]")))
        assert (first.get_attribute("lang"), first.get_attribute("dir")) == ("ur", "rtl")
    finally:
        driver.quit()


def test_a_question_is_heard_in_polish_at_a_tap(bot):
    driver = open_browser("en-GB,en")
    try:
        driver.get(f"http://127.0.0.1:{bot.port}/webhooks/webchat/chat?lang=pl")
        WebDriverWait(driver, 60).until(
            seen.element_to_be_clickable((By.CSS_SELECTOR, 'button[data-language="pl"]'))).click()
        WebDriverWait(driver, 60).until(
            seen.element_to_be_clickable((By.XPATH, "//button[contains(., 'Rodzic lub opiekun')]"))).click()
        asked = WebDriverWait(driver, 60).until(
            seen.presence_of_element_located((By.CSS_SELECTOR, "section.card[data-type=question]")))
        assert driver.find_element(By.ID, "send").text == "Wyślij"
        listen = asked.find_element(By.CSS_SELECTOR, ".card-top button.listen")
        assert listen.text == "Odsłuchaj"
        listen.click()
        loaded = ("const p = window.sayitPlayer;"
                  "return p && p.readyState >= 1 && !p.error ? [p.duration, p.src] : null")
        duration, src = WebDriverWait(driver, 60).until(lambda d: d.execute_script(loaded))
        assert duration > 0.5 and src.endswith(f"/audio/{listen.get_attribute('data-audio')}.mp3")
        assert any(lang == "pl" and words in asked.text for lang, words in bot.speech_asked())  # the Polish shown
        faces = asked.find_elements(By.CSS_SELECTOR, ".choice button.hear")
        assert len(faces) == 5 and faces[0].get_attribute("aria-label") == "Odsłuchaj: Nie, nigdy"
    finally:
        driver.quit()


WEBCHAT_BODY = st.fixed_dictionaries({}, optional={
    "message": st.one_of(REPLIES, JSON), "message_id": st.one_of(st.text(max_size=70), JSON),
    "question_id": st.one_of(st.sampled_from(["yp_voice_communicate", "nope", ""]), JSON),
    "survey": st.one_of(st.sampled_from(["bromley_outcomes", "../x"]), JSON),
    "lang": st.one_of(st.sampled_from(["pl", "ar", "zz-ZZ"]), JSON), "shown_lang": JSON})


# a real server, so an example is a few requests: no shrinking (a failure shows its whole example)
@settings(FUZZ, max_examples=40, phases=[Phase.explicit, Phase.generate])
@given(body=st.one_of(WEBCHAT_BODY, JSON), raw=st.binary(max_size=300), token_kind=st.sampled_from(
    ["good", "good", "none", "forged"]))
def test_fuzzed_web_chat_and_rest_requests_never_fail_the_server_or_store_what_nobody_gave(bot, body, raw, token_kind):
    """Arbitrary JSON (and bytes that are not JSON) to the web chat's webhook, with a good, a missing or a forged
    token, and to Rasa's REST channel: never a 5xx, and every stored answer one of its question's choices."""
    token = {"good": bot.webchat_token(), "none": None, "forged": "a" * 30 + ".1.0" + "0" * 63}[token_kind]
    url = f"http://127.0.0.1:{bot.port}/webhooks"
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    as_json = json.dumps(body)  # NaN and Infinity too, which no JSON parser should take
    for sent in (requests.post(f"{url}/webchat/webhook", data=as_json, headers=headers, timeout=60),
                 requests.post(f"{url}/webchat/webhook", data=raw, headers=headers, timeout=60),
                 requests.post(f"{url}/rest/webhook", data=as_json, headers=headers, timeout=60),
                 requests.post(f"{url}/rest/webhook", data=raw, headers=headers, timeout=60)):
        assert sent.status_code < 500, (sent.status_code, sent.text[:300])
    choices = {q.id: {c.value for c in s.choices(q)} for s in load_surveys().values() for q in s.questions}
    for row in stored_answers(bot).values():
        assert row["value"] is None or row["value"] in choices[row["question_id"]], row
