"""The web chat page's accessibility, in a real browser against the real servers: axe-core finds nothing on any
screen, in English and Arabic, wide and at 320 px; the whole survey goes by keyboard alone, and by one or two
switches; every target is at least 44 px; nothing scrolls sideways; focus, the history, the live region and the
sound behave as someone using a screen reader, a keyboard or a switch needs them to."""

from __future__ import annotations

import base64
import re

import pytest
from selenium.webdriver import Chrome
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as seen
from selenium.webdriver.support.ui import WebDriverWait

from bot.fakes.google_tts import title_of
from bot.surveys.loading import load_surveys
from tests.running_bot import ROOT, Bot, serving
from tests.test_webchat import open_browser, stored_answers

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE_RUN = """const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: "tag", values: arguments[0]}}).then((r) => done([r.passes.length,
  r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)]),
  (e) => done([0, [`axe failed: ${e}`]]));"""
SHOTS = ROOT / "var" / "screenshots"
WIDTHS = (1280, 320)
LANGUAGES = ("en", "ar")
SCALE = 19  # the young person's survey: 19 questions with faces, then 6 in their own words
FREE_TEXT = ["football", "loud noise", "my family", "drawing", "tests", "a job"]
TARGETS = ", ".join(f"#stage {t}" for t in ("button", "input", "select", "summary", "label[for]", "label:has(input)"))
INTERACTIVE = "a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1']), [contenteditable]"


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    yield from serving(tmp_path_factory.mktemp("webchat-access"), SAYIT_MESSAGES_PER_MINUTE="10000",
                       SAYIT_REQUESTS_PER_MINUTE_PER_ADDRESS="100000")


@pytest.fixture(scope="module")
def browser():
    driver = open_browser("en-GB,en")
    driver.set_script_timeout(60)
    yield driver
    driver.quit()


# ---- moving about the page ----

def wait(driver: Chrome, seconds: float = 60, poll: float = 0.05) -> WebDriverWait:
    return WebDriverWait(driver, seconds, poll_frequency=poll)


def set_width(driver: Chrome, width: int) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    driver.execute_cdp_cmd("Emulation.setScrollbarsHidden", {"hidden": True})  # as on a phone: all 320 px for the page
    assert driver.execute_script("return [innerWidth, document.documentElement.clientWidth]") == [width, width]


def start(driver: Chrome, bot: Bot, query: str = "") -> WebElement:
    """A new person on the page (nothing kept from the last one): the language choice."""
    origin = f"http://127.0.0.1:{bot.port}/webhooks/webchat"
    driver.get(f"{origin}/labels")  # the page's origin, to forget its session and settings
    driver.execute_script("sessionStorage.clear()")
    set_width(driver, 1280)
    driver.get(f"{origin}/chat{query}")
    return turn(driver)


def turn(driver: Chrome, before: WebElement | None = None) -> WebElement:
    """The turn on screen once it has arrived (after `before`, the last one, has gone): its card, or the stage."""
    if before is not None:
        wait(driver).until(seen.staleness_of(before))
    stage = wait(driver).until(seen.presence_of_element_located((By.CSS_SELECTOR, "#stage:not([aria-busy])")))
    wait(driver).until(lambda d: stage.find_elements(By.CSS_SELECTOR, ":scope > *"))
    cards = stage.find_elements(By.CSS_SELECTOR, "section.card")
    return cards[-1] if cards else stage.find_element(By.CSS_SELECTOR, ":scope > *")


def click(driver: Chrome, shown: WebElement, css: str) -> WebElement:
    shown.find_element(By.CSS_SELECTOR, css).click()
    return turn(driver, shown)


def in_language(driver: Chrome, lang: str) -> None:
    """The page's own words have followed the person's language."""
    wait(driver).until(lambda d: d.execute_script("return document.documentElement.lang") == lang)


def first_question(driver: Chrome, bot: Bot, lang: str = "en") -> WebElement:
    roles = click(driver, start(driver, bot), f'button[data-language="{lang}"]')
    question = click(driver, roles, 'button.answer[data-value="young_person"]')
    in_language(driver, lang)
    assert question.get_attribute("data-question") == "yp_voice_communicate"
    return question


def active(driver: Chrome) -> WebElement:
    return driver.switch_to.active_element


def press(driver: Chrome, key: str) -> None:
    """One key, to whatever has focus, as a keyboard sends it."""
    ActionChains(driver).send_keys(key).perform()


def new_answers(bot: Bot, before: dict[str, dict]) -> dict[str, dict]:
    """The answers stored since `before`, by question (one person's run at a time)."""
    return {row["question_id"]: row for key, row in stored_answers(bot).items() if key not in before}


# ---- what is checked on a screen ----

def axe_violations(driver: Chrome) -> list[str]:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run the tests with `make test`, which installs axe-core")
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(AXE.read_text(encoding="utf-8"))  # run as a devtools script, so the CSP allows it
    passed, violations = driver.execute_async_script(AXE_RUN, AXE_TAGS)
    assert passed or violations, "axe checked nothing"
    return violations


def screenshot(driver: Chrome, name: str) -> None:
    """The whole page, not just the window."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    if size["height"] <= driver.execute_script("return innerHeight"):  # a clip of a short right-to-left page shifts
        driver.save_screenshot(str(SHOTS / f"{name}.png"))
        return
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": {
        "x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}})
    (SHOTS / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))


def checked_screen(driver: Chrome, name: str, found: dict[str, list[str]]) -> None:
    """axe at each width, and a screenshot of each; what axe finds goes into `found`."""
    wait(driver).until(lambda d: d.execute_script(
        "return [...document.images].every((i) => i.complete && i.naturalWidth > 0)"))
    for width in WIDTHS:
        set_width(driver, width)
        screenshot(driver, f"{name}-{width}")
        if violations := axe_violations(driver):
            found[f"{name} at {width} px"] = violations
    set_width(driver, 1280)


SIZES = """return [...document.querySelectorAll(arguments[0])].filter((el) => el.getClientRects().length
    && getComputedStyle(el).visibility === "visible" && !el.closest("details:not([open]) > :not(summary)"))
  .map((el) => { const r = el.getBoundingClientRect();
    const what = `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${el.className}`;
    return [`${what} "${el.textContent.trim().slice(0, 30)}"`, r.width, r.height]; });"""

OVERLAPS = """const box = (el) => el.getBoundingClientRect();
const meet = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
return [...document.querySelectorAll(".choice")].flatMap((c) => {
  const hear = c.querySelector("button.hear");
  return hear ? [...c.querySelectorAll("button.answer img.symbol, button.answer .label")]
    .filter((el) => meet(box(hear), box(el))).map((el) => `${c.textContent.trim()}: ${el.className}`) : [];
});"""


def too_small(driver: Chrome) -> list[tuple[str, float, float]]:
    targets = driver.execute_script(SIZES, f"{TARGETS}, header summary, #history > summary, #end")
    assert len(targets) >= 10, targets  # the answers, the controls, the box, Send, the page's own
    return [(what, w, h) for what, w, h in targets if w < 44 or h < 44]


BROKEN_WORDS = r"""return [...document.querySelectorAll("#stage button.answer .label, #stage .controls span")]
  .filter((el) => { const range = document.createRange(); range.selectNodeContents(el);
    const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    return lines > el.textContent.trim().split(/\s+/).length; })
  .map((el) => el.textContent);"""


def reflow_faults(driver: Chrome) -> dict[str, object]:
    """What does not reflow: the page scrolling sideways, or a word of an answer split across lines."""
    scroll, client = driver.execute_script(
        "const e = document.documentElement; return [e.scrollWidth, e.clientWidth]")
    faults = {"scrolls sideways": (scroll, client)} if scroll > client else {}
    return {**faults, **({"words split": broken} if (broken := driver.execute_script(BROKEN_WORDS)) else {})}


# ---- the tests ----

@pytest.mark.parametrize("lang", LANGUAGES)
def test_axe_finds_nothing_on_any_screen_wide_or_narrow(bot, browser, lang):
    found: dict[str, list[str]] = {}
    shown = start(browser, bot, f"?lang={lang}")
    checked_screen(browser, f"{lang}-language", found)
    shown = click(browser, shown, f'button[data-language="{lang}"]')
    in_language(browser, lang)
    checked_screen(browser, f"{lang}-role", found)
    shown = click(browser, shown, 'button.answer[data-value="young_person"]')
    checked_screen(browser, f"{lang}-question", found)
    for control in ("help", "pause", "carry_on", "stop"):
        shown = click(browser, shown, f'button.control[data-control="{control}"]')
        if control != "carry_on":
            checked_screen(browser, f"{lang}-{control}", found)
    assert browser.find_elements(By.CSS_SELECTOR, '#stage li[data-type="survey_stopped"]')
    assert not found, "axe found:\n" + "\n".join(f"{screen}:\n  " + "\n  ".join(v) for screen, v in found.items())


def keys_to_choose(driver: Chrome, value: str) -> int:
    """From the focused heading: Tab to the answers, the shorter way round by arrow, Enter. The keys pressed."""
    assert active(driver).tag_name == "h2"
    press(driver, Keys.TAB)
    values = [b.get_attribute("data-value") for b in driver.find_elements(By.CSS_SELECTOR, "#stage button.answer")]
    at, to = values.index(active(driver).get_attribute("data-value")), values.index(value)
    forward = (to - at) % len(values)
    back = len(values) - forward
    arrows = [Keys.ARROW_DOWN] * forward if forward <= back else [Keys.ARROW_UP] * back
    for key in arrows:
        press(driver, key)
    assert active(driver).get_attribute("data-value") == value
    press(driver, Keys.ENTER)
    return 2 + len(arrows)


def keys_to_type(driver: Chrome, words: str) -> int:
    """From the focused heading: Tab to the box, the words, Enter. The keys pressed besides the words."""
    assert active(driver).tag_name == "h2"
    press(driver, Keys.TAB)
    assert active(driver).get_attribute("id") == "text"
    press(driver, words)
    press(driver, Keys.ENTER)
    return 2


def test_the_whole_survey_by_keyboard_alone_and_any_face_in_five_keys(bot, browser):
    before = stored_answers(bot)
    shown = start(browser, bot)
    keys_to_choose(browser, "en")
    shown = turn(browser, shown)
    keys_to_choose(browser, "young_person")
    presses: dict[str, list[int]] = {}
    chosen: dict[str, str] = {}
    for n in range(SCALE + len(FREE_TEXT)):
        shown = turn(browser, shown)
        question = shown.get_attribute("data-question")
        assert active(browser) == shown.find_element(By.CSS_SELECTOR, "h2.question"), question  # read by focus
        if n < SCALE:
            chosen[question] = str(n % 5 + 1)
            presses.setdefault(chosen[question], []).append(keys_to_choose(browser, chosen[question]))
        else:
            chosen[question] = FREE_TEXT[n - SCALE]
            presses.setdefault("typed", []).append(keys_to_type(browser, chosen[question]))
    finished = turn(browser, shown)
    assert "end of the survey" in finished.text
    print("key presses from the focused heading, by face:", {v: sorted(set(p)) for v, p in presses.items()})
    assert max(p for v, ps in presses.items() if v != "typed" for p in ps) <= 5, presses

    stored = {q: (r["raw_reply"] if r["value"] is None else r["value"], r["given_via"])
              for q, r in new_answers(bot, before).items()}
    assert stored == {q: (int(v), "button") if n < SCALE else (v, "typed") for n, (q, v) in enumerate(chosen.items())}
    found: dict[str, list[str]] = {}
    checked_screen(browser, "en-finished", found)
    assert not found, found


def scan_to(driver: Chrome, value: str, step: str | None) -> None:
    """Switch access: the highlight moves (by `step`, or by itself) to the button for `value` (an answer's value or
    a control's name), which Enter or the one switch (Space) then chooses."""
    highlighted = f'#stage .scanning:is([data-value="{value}"], [data-control="{value}"])'
    if step is None:
        wait(driver, 60, 0.02).until(lambda d: d.find_elements(By.CSS_SELECTOR, highlighted))
        press(driver, Keys.SPACE)
        return
    for _ in range(20):
        if driver.find_elements(By.CSS_SELECTOR, highlighted):
            break
        press(driver, step)
    assert active(driver).get_attribute("data-value") == value
    press(driver, Keys.ENTER)


def test_two_switches_step_with_space_and_choose_with_enter(bot, browser):
    before = stored_answers(bot)
    shown = start(browser, bot, "?switch=two")
    faces = ["5", "2", "4"]
    asked = []
    for value in ["en", "young_person", *faces]:
        asked.append(shown.get_attribute("data-question"))
        scan_to(browser, value, Keys.SPACE)
        shown = turn(browser, shown)
    assert {q: r["value"] for q, r in new_answers(bot, before).items()} == dict(
        zip(asked[2:], map(int, faces), strict=True))


def test_the_whole_survey_by_one_switch_alone_lands_in_the_export(bot, browser):
    """The highlight moves by itself (half a second a button, the quickest the page allows); one switch (Space)
    chooses: a face for each of the 19 scale questions, Skip for each of the 6 that want the person's own words."""
    shown = start(browser, bot, "?switch=one&scan=500")
    scan_to(browser, "en", None)
    shown = turn(browser, shown)
    scan_to(browser, "young_person", None)
    chosen: dict[str, str] = {}
    for n in range(SCALE + len(FREE_TEXT)):
        shown = turn(browser, shown)
        question = shown.get_attribute("data-question")
        chosen[question] = str((n + 2) % 5 + 1) if n < SCALE else "skip"
        scan_to(browser, chosen[question], None)
    assert "end of the survey" in turn(browser, shown).text
    every = bot.exported("access-export.csv")
    session = max((r for r in every if r["channel"] == "webchat"), key=lambda r: r["answered_at"])["session_id"]
    rows = {r["question_id"]: r for r in every if r["session_id"] == session}
    assert {q: (r["value"] or r["status"], r["given_via"]) for q, r in rows.items()} == {
        q: ("skipped" if v == "skip" else v, "button") for q, v in chosen.items()}
    assert {r["session_status"] for r in rows.values()} == {"finished"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_target_is_at_least_44_px_and_no_speaker_covers_its_answer_at_320_px(bot, browser, lang):
    start(browser, bot, f"?lang={lang}")
    set_width(browser, 320)
    assert not browser.execute_script(OVERLAPS)  # the language choice: each language's own speaker beside it
    first_question(browser, bot, lang)
    set_width(browser, 320)
    assert not too_small(browser)
    assert not browser.execute_script(OVERLAPS)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_question_reflows_at_320_px_and_at_200_percent_text(bot, browser, lang):
    first_question(browser, bot, lang)
    set_width(browser, 320)
    narrow = reflow_faults(browser)
    set_width(browser, 1280)
    browser.execute_script("document.documentElement.style.fontSize = '200%'")
    assert browser.execute_script("return getComputedStyle(document.documentElement).fontSize") == "32px"
    screenshot(browser, f"{lang}-question-1280-text200")
    large = reflow_faults(browser)
    browser.execute_script("document.documentElement.style.fontSize = ''")
    assert (narrow, large) == ({}, {})


def test_focus_moves_to_each_new_question_and_the_history_cannot_answer(bot, browser):
    shown = first_question(browser, bot)
    for value in ("1", "3", "5"):
        old = shown.get_attribute("data-question")
        old_buttons = shown.find_elements(By.CSS_SELECTOR, "button:not(#send)")  # Send goes back to the page
        shown = click(browser, shown, f'button.answer[data-value="{value}"]')
        assert shown.get_attribute("data-question") != old
        assert active(browser) == shown.find_element(By.CSS_SELECTOR, "h2.question")
        assert all(seen.staleness_of(b)(browser) for b in old_buttons)  # gone from the page, not just hidden
        assert not browser.find_elements(By.CSS_SELECTOR, f'[data-question="{old}"]')
    history = browser.find_element(By.ID, "history")
    history.find_element(By.TAG_NAME, "summary").click()
    earlier = history.find_element(By.ID, "earlier")
    assert "Do people help you tell them" in earlier.text and "You: Sometimes" in earlier.text
    assert earlier.find_elements(By.CSS_SELECTOR, INTERACTIVE) == []


def test_arabic_turns_the_whole_page_right_to_left(bot, browser):
    question = first_question(browser, bot, "ar")
    assert browser.execute_script("return [document.documentElement.lang, document.documentElement.dir]") == [
        "ar", "rtl"]
    title = browser.title
    assert "SayIt survey" not in title and re.search("[\u0600-\u06ff]", title), title
    assert browser.execute_script("return getComputedStyle(arguments[0]).direction", question) == "rtl"


def announced(driver: Chrome) -> str:
    return wait(driver, 10).until(lambda d: d.find_element(By.ID, "announcer").get_attribute("textContent"))


def test_the_live_region_says_the_other_words_once_and_never_the_question(bot, browser):
    question = first_question(browser, bot)
    announcer = browser.find_element(By.ID, "announcer")
    assert announcer.get_attribute("aria-live") == "polite" and active(browser) != announcer
    heading = question.find_element(By.CSS_SELECTOR, ".question-words").get_attribute("textContent")
    said = announced(browser)
    assert said.startswith("Thank you.") and heading not in said
    helped = click(browser, question, 'button.control[data-control="help"]')
    said = announced(browser)
    easy = helped.find_element(By.CSS_SELECTOR, ".question-words").get_attribute("textContent")
    assert said.startswith("Here is some help") and easy not in said and heading not in said
    assert active(browser) == helped.find_element(By.CSS_SELECTOR, "h2.question")


# every sound the page plays, in the page or not (a `new Audio()` need not be), and the page's own player
NOTE_PLAYED = """window.played = new Set(); (() => { const play = HTMLMediaElement.prototype.play;
HTMLMediaElement.prototype.play = function () { window.played.add(this); return play.call(this); }; })();"""
PLAYING = """const sounds = [...window.played, ...document.querySelectorAll("audio, video"), window.sayitPlayer];
return [...new Set(sounds)].filter((s) => !s.paused).map((s) => s.src);"""


def test_only_one_sound_plays_at_a_time(bot, browser):
    noted = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": NOTE_PLAYED})
    try:
        question = first_question(browser, bot)
    finally:
        browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", noted)
    listen = question.find_element(By.CSS_SELECTOR, ".card-top button.listen")
    listen.click()
    playing = wait(browser, 30).until(lambda d: d.execute_script(PLAYING))
    assert playing[0].endswith(f"/audio/{listen.get_attribute('data-audio')}.mp3")
    face = question.find_element(By.CSS_SELECTOR, 'button.answer[data-value="4"]')
    question.find_element(By.CSS_SELECTOR, 'button.answer[data-value="4"] + button.hear').click()
    face_clip = f"/audio/{face.get_attribute('data-audio')}.mp3"
    playing = wait(browser, 30).until(lambda d: [s for s in d.execute_script(PLAYING) if s.endswith(face_clip)] and
                                      d.execute_script(PLAYING))
    assert len(playing) <= 1 and all(src.endswith(face_clip) for src in playing), playing
    assert "playing" not in listen.get_attribute("class")


NOW_PLAYING = "const p = window.sayitPlayer; return p.src && !p.paused ? p.src : null"


def heard_until(driver: Chrome, clip: str) -> list[str]:
    """Each clip the page's player plays, in order, until `clip` plays."""
    heard: list[str] = []

    def playing(d: Chrome) -> bool:
        src = d.execute_script(NOW_PLAYING)
        if src and (not heard or heard[-1] != src):
            heard.append(src)
        return bool(src) and src.endswith(clip)
    wait(driver, 60, 0.02).until(playing)
    return heard


def test_a_teachers_link_sets_read_to_me_slower_speech_easy_read_and_high_contrast(bot, browser):
    roles = click(browser, start(browser, bot, "?read=1&slow=1&easy=1&contrast=1"), 'button[data-language="en"]')
    question = click(browser, roles, 'button.answer[data-value="young_person"]')
    assert [browser.find_element(By.ID, box).is_selected() for box in ("read-to-me", "slower", "easy-read",
                                                                        "contrast")] == [True] * 4
    # easy read: the question's easy-read wording, one sentence a line
    easy = load_surveys()["shropshire_annual_review"].question("yp_voice_communicate").easy_read
    sentences = question.find_elements(By.CSS_SELECTOR, ".question-words .sentence")
    assert [s.text for s in sentences] == ["Do people help you say what you think?",
                                           "You can use words, signs or pictures."] and " ".join(
        s.text for s in sentences) == easy
    assert len({s.location["y"] for s in sentences}) == 2
    # read to me: what the bot said is heard as it arrives, then the question in its easy-read words, all at the
    # slower pace
    listen = question.find_element(By.CSS_SELECTOR, ".card-top button.listen")
    clip = f"/audio/{listen.get_attribute('data-audio')}.mp3?pace=slow"
    heard = heard_until(browser, clip)
    assert len(heard) == 2 and heard[0].endswith(".mp3?pace=slow"), heard  # "Thank you...", then the question
    said = " ".join(title_of(bot.audio(listen.get_attribute("data-audio")).content).split())
    assert said == f"en: Question 1 of 25. {easy}"  # the fake's clip names the words it was asked to say
    # high contrast: light on black, and axe still finds nothing in it
    colours = browser.execute_script("const s = getComputedStyle(document.body); return [s.color, s.backgroundColor]")
    assert colours == ["rgb(255, 255, 255)", "rgb(0, 0, 0)"]
    found: dict[str, list[str]] = {}
    checked_screen(browser, "en-contrast-easy-read", found)
    assert not found, found


@pytest.mark.parametrize("lang,near_miss", [("en", "ofen"), ("ar", "gliban")])  # "often", Arabizi "ghaliban"
def test_did_you_mean_passes_axe_wide_and_narrow_and_yes_stores_the_guess(bot, browser, lang, near_miss):
    found: dict[str, list[str]] = {}
    question = first_question(browser, bot, lang)
    before = stored_answers(bot)
    browser.find_element(By.ID, "text").send_keys(near_miss, Keys.ENTER)
    asked = turn(browser, question)
    assert asked.get_attribute("data-type") == "did_you_mean"
    assert new_answers(bot, before) == {}  # nothing stored while it is asked about
    checked_screen(browser, f"{lang}-did-you-mean", found)
    assert not found, "axe found:\n" + "\n".join(f"{screen}:\n  " + "\n  ".join(v) for screen, v in found.items())
    following = click(browser, asked, 'button.control[data-control="confirm"]')
    assert following.get_attribute("data-question") != "yp_voice_communicate"
    stored = new_answers(bot, before)["yp_voice_communicate"]
    assert (stored["value"], stored["raw_reply"], stored["given_via"]) == (4, near_miss, "typed")
