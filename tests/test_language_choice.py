"""Choosing a language at the start and switching at any point (bot/dialogue/conversation.py,
bot/dialogue/language_question.py)."""


from bot.translation.languages import supported
from tests.test_export import csv_rows

POLISH_ASK = "W jakim języku prowadzić rozmowę?"  # polite: who is answering is not known yet
POLISH_CHANGED = "Rozmawiamy dalej w tym języku."


def types(replies):
    return [r.custom["type"] for r in replies]


def test_the_list_names_every_language_in_itself_with_the_hint_first(chat):
    asked = chat("hi", language_hints=["de-DE", "pl-PL"])
    assert types(asked) == ["choose_language"]
    question = asked[0].custom
    assert question["preselected"] == "pl" and question["text"].startswith(POLISH_ASK)
    labels = {c["value"]: c["label"] for c in question["choices"]}
    assert list(labels) == ["pl", *[lang for lang in supported() if lang != "pl"]]
    assert labels == {"pl": "Polski", "en": "English", "cy": "Cymraeg", "ur": "اردو", "ar": "العربية",
                      "bn": "বাংলা", "ro": "Română", "uk": "Українська"}
    assert {c["value"]: c["direction"] for c in question["choices"]}["ar"] == "rtl"
    assert {c["value"]: c["direction"] for c in question["choices"]}["cy"] == "ltr"
    assert all(c["symbol"] == f"language-{c['value']}" for c in question["choices"])
    assert [b["payload"] for b in asked[0].buttons][1] == '/choose_language{"language":"en"}'
    assert "\n1 Polski\n2 English\n" in asked[0].text  # a plain channel gets numbers to type


def test_no_hint_means_the_deployments_language(chat):
    assert chat("hi")[0].custom["preselected"] == "en"
    assert chat("hi", sender="other", language_hints=["xx", ""])[0].custom["preselected"] == "en"


def test_a_number_a_tap_a_name_or_yes_chooses(chat, store):
    chat("hi", sender="a", language_hints=["uk"])
    assert chat("1", sender="a")[0].text.startswith("Вітаю")  # 1: the preselected one
    chat("hi", sender="b")
    tapped = chat("/choose_language", sender="b", payload={"language": "ar"}, via="button")
    assert types(tapped) == ["welcome", "privacy_notice", "choose_role"] and tapped[0].custom["language"] == "ar"
    chat("hi", sender="c")
    assert chat("po polsku proszę", sender="c")[0].text.startswith("Dzień dobry")
    chat("hi", sender="d", language_hints=["cy"])
    assert chat("yes", sender="d")[0].custom["language"] == "cy"


def test_a_first_message_that_names_a_language_has_chosen_it(chat):
    opening = chat("Cymraeg")
    assert types(opening) == ["welcome", "privacy_notice", "choose_role"]
    assert opening[0].custom["language"] == "cy" and opening[0].text.startswith("Helo")


def test_a_reply_that_picks_nothing_is_asked_again_kindly_and_changes_nothing(chat, store):
    chat("hi", language_hints=["pl"])
    again = chat("banana")
    assert types(again) == ["choose_language"]
    assert again[0].custom["intro"].startswith("Przepraszam")
    assert store.latest_session(1).status == "choosing_language" and store.latest_session(1).language == "pl"
    assert types(chat("Arabic or Urdu")) == ["choose_language"]  # two languages: ask again, never guess
    assert types(chat("2")) == ["welcome", "privacy_notice", "choose_role"]


def test_a_disclosure_or_stop_at_the_language_question_is_heard(chat, store):
    worried = chat("my dad hits me")
    assert types(worried) == ["safeguarding", "choose_language"]
    assert len(store.concerns()) == 1
    chat("stop")
    assert store.latest_session(1).status == "stopped"


def test_switching_mid_survey_keeps_every_answer_and_asks_the_same_question_again(chat, store, surveys, tmp_path):
    chat("English")
    chat("me")
    chat("4")
    offered = chat("język")  # the person's own word works in an English session
    assert types(offered) == ["choose_language"]
    switched = chat("Polski")
    assert types(switched) == ["question"]
    question = switched[0].custom
    assert question["question_id"] == "yp_voice_listened_to" and question["language"] == "pl"
    assert switched[0].text.startswith(POLISH_CHANGED) and "Pytanie 2 z 25." in switched[0].text
    chat("3")
    chat("language")
    chat("English")
    chat("5")
    session = store.latest_session(1)
    stored = store.answers(session.id)
    assert [(q, a["value"], a["language"]) for q, a in stored.items()] == [
        ("yp_voice_communicate", 4, "en"), ("yp_voice_listened_to", 3, "pl"), ("yp_voice_plan_decisions", 5, "en")]
    rows = csv_rows(store, {(s.id, s.version): s for s in surveys.values()}, tmp_path / "a.csv")
    assert [r["language"] for r in rows] == ["en", "pl", "en"]
    young = surveys["shropshire_annual_review"]
    assert rows[1]["question"] == young.question("yp_voice_listened_to").seed  # English, for every analyst


def test_switching_while_choosing_a_role_or_taking_a_break_returns_there(chat, store):
    chat("English")
    assert types(chat("زبان")) == ["choose_language"]
    back = chat("العربية")
    assert types(back) == ["welcome", "privacy_notice", "choose_role"] and back[2].custom["language"] == "ar"
    chat("1")
    chat("استراحة")  # "a break", in the session's language
    assert store.latest_session(1).status == "paused"
    assert types(chat("ভাষা")) == ["choose_language"]
    resumed = chat("বাংলা")
    assert types(resumed) == ["question"] and resumed[0].custom["language"] == "bn"
    assert store.latest_session(1).status == "active"


def test_switching_after_a_worrying_reply_returns_to_the_check_in(chat, store):
    chat("English")
    chat("me")
    chat("nobody listens and my dad hits me")
    assert store.latest_session(1).status == "checking_in"
    chat("language")
    check_in = chat("Română")
    assert types(check_in) == ["safeguarding"] and check_in[0].custom["language"] == "ro"
    assert store.latest_session(1).status == "checking_in"


def test_a_greeting_in_a_language_is_the_surest_hint_but_hello_is_everyones(chat):
    assert chat("cześć", sender="a", language_hints=["en-GB"])[0].custom["preselected"] == "pl"
    assert chat("مرحبا", sender="b")[0].custom["preselected"] == "ar"
    # Arabic and Urdu speakers alike greet with "السلام عليكم": no guess, the browser's hint decides
    assert chat("السلام عليكم", sender="d", language_hints=["ur"])[0].custom["preselected"] == "ur"
    assert chat("hello", sender="c", language_hints=["uk"])[0].custom["preselected"] == "uk"
