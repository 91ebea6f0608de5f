"""The web chat (channels/webchat.py) in a real browser: headless Chromium, driven by Selenium, against the
real servers. A young person taps a face, types an answer, and both land in the store."""

from __future__ import annotations

import shutil
import tempfile

import pytest
import requests
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as seen
from selenium.webdriver.support.ui import WebDriverWait

from bot.store.survey_store import SurveyStore
from tests.running_bot import Bot

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    b = Bot(tmp_path_factory.mktemp("webchat"))
    b.start()
    yield b
    b.stop()


def open_browser(accept_language: str = "en-GB,en"):
    if not shutil.which(CHROMEDRIVER):
        pytest.fail(f"{CHROMEDRIVER} is missing: run the tests with `make test`, which installs Chromium")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={tempfile.mkdtemp()}", "--window-size=800,1200"):
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
        seen.presence_of_element_located((By.CSS_SELECTOR, f'li[data-question="{question_id}"]')))


def test_a_young_person_answers_in_the_browser(bot, browser):
    browser.get(f"http://127.0.0.1:{bot.port}/webhooks/webchat/chat")
    english = WebDriverWait(browser, 60).until(
        seen.element_to_be_clickable((By.CSS_SELECTOR, 'button[data-language="en"]')))
    english.click()
    role = WebDriverWait(browser, 60).until(
        seen.element_to_be_clickable((By.XPATH, "//button[contains(., 'Me, a young person')]")))
    assert "stop at any time" in browser.find_element(By.ID, "log").text
    role.click()
    first = question_shown(browser, "yp_voice_communicate")
    assert "Do people help you tell them" in first.text
    faces = [b.text for b in first.find_elements(By.CSS_SELECTOR, "button.answer")]
    assert faces[:5] == ["😞 No, never", "🙁 Not often", "😐 Sometimes", "🙂 Mostly", "😀 Yes, always"]
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

    # Arabic typed into the chat runs right to left; the English around it stays left to right
    box.send_keys("أحيانا", Keys.ENTER)
    direction_of = "return getComputedStyle([...document.querySelectorAll(arguments[0])].pop()).direction"
    assert browser.execute_script(direction_of, "li.me") == "rtl"
    assert browser.execute_script(direction_of, "li.bot") == "ltr"


def test_the_webhook_acts_once_on_a_message_sent_twice_and_refuses_bad_input(bot):
    url = f"http://127.0.0.1:{bot.port}/webhooks/webchat/webhook"
    sender = "twice-sender-01"
    requests.post(url, json={"sender": sender, "message": "English", "message_id": "first-message"}, timeout=60)
    requests.post(url, json={"sender": sender, "message": "me", "message_id": "second-message"}, timeout=60)
    once = requests.post(url, json={"sender": sender, "message": "5", "message_id": "third-message"}, timeout=60)
    twice = requests.post(url, json={"sender": sender, "message": "5", "message_id": "third-message"}, timeout=60)
    assert once.json()[0]["custom"]["question_id"] == "yp_voice_listened_to"
    assert twice.json()[0]["custom"]["question_id"] == "yp_voice_listened_to"
    assert "already have" in twice.json()[0]["text"]
    assert all(set(m) >= {"text", "buttons", "custom"} for m in once.json())  # one whole message each

    for bad in ({"sender": "x", "message": "hi"}, {"sender": sender, "message": ""},
                {"sender": sender, "message": "a" * 2001}, {"sender": sender}):
        refused = requests.post(url, json=bad, timeout=60)
        assert refused.status_code == 400 and refused.json()["error"]


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
        assert driver.find_element(By.CSS_SELECTOR, 'li[data-type="choose_language"]').text.startswith(
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
        driver.execute_script("localStorage.clear()")  # a new person: the invitation's language beats the browser
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
            seen.presence_of_element_located((By.CSS_SELECTOR, "li[data-type=question]")))
        assert driver.find_element(By.ID, "send").text == "Wyślij"
        listen = asked.find_element(By.CSS_SELECTOR, "button.listen.for-message")
        assert listen.text == "🔊 Odsłuchaj"
        listen.click()
        loaded = ("const p = arguments[0].player;"
                  "return p && p.readyState >= 1 && !p.error ? [p.duration, p.src] : null")
        duration, src = WebDriverWait(driver, 60).until(lambda d: d.execute_script(loaded, listen))
        assert duration > 0.5 and src.endswith(f"/audio/{listen.get_attribute('data-audio')}.mp3")
        assert any(lang == "pl" and words in asked.text for lang, words in bot.speech_asked())  # the Polish shown
        faces = asked.find_elements(By.CSS_SELECTOR, ".choice button.listen")
        assert len(faces) == 5 and faces[0].get_attribute("aria-label") == "Odsłuchaj: Nie, nigdy"
    finally:
        driver.quit()
