"""Typed replies the bot could only guess at, asked about before anything is stored (bot/dialogue/confirming.py),
with a real store: "Did you mean “Mostly”?" for a misspelling one edit too far from a word the coder knows, and
"Did you mean “Skip”?" where Rasa's classifier half thinks so. Spoken answers go through the same confirmation, and
tests/test_voice_answers.py tests them."""

from __future__ import annotations

import pytest

from bot.accounts.staff_accounts import AdvocateAccounts
from bot.dialogue.conversation import Conversation
from bot.dialogue.incoming import Incoming
from bot.rendering.sms import sms_reply
from bot.translation import messages as m
from bot.translation.speaker import Speaker, reader_of

FIRST = "yp_voice_communicate"
SECOND = "yp_voice_listened_to"
NEAR_MISS = "ofen"  # "often" is one edit away: too far to correct outright, so the coder guesses 4 ("Mostly")


def session(store):
    return store.latest_session(1)


def tap(question_id: str, intent: str) -> dict:
    """What a tap on a Yes or No button sends (their payloads name the question they were asked for)."""
    return {"via": "button", "intent": intent, "confidence": 1.0, "payload": {"question_id": question_id}}


def test_a_typed_near_miss_asks_did_you_mean_and_yes_stores_the_guess_with_the_persons_words(google, young_person,
                                                                                             store):
    asked = young_person(NEAR_MISS)[-1]
    assert asked.custom["type"] == "did_you_mean" and asked.text.startswith("Did you mean “Mostly”?")
    assert asked.custom["question_id"] == FIRST
    assert [c["label"] for c in asked.custom["controls"]] == ["Yes, that's right", "No"]
    assert asked.custom["audio"]  # "Mostly" is the bot's own word for the face, so it can be spoken
    assert store.answers(session(store).id) == {} and session(store).status == "confirming_voice"

    assert young_person("yes")[-1].custom["question_id"] == SECOND
    young_person("4")  # the same point given plainly, to compare the rows
    guessed, plain = (store.answers(session(store).id)[q] for q in (FIRST, SECOND))
    assert (guessed["value"], guessed["status"], guessed["raw_reply"], guessed["given_via"]) == (4, "answered",
                                                                                                NEAR_MISS, "typed")
    same = {k: v for k, v in plain.items() if k not in ("question_id", "raw_reply", "answered_at", "id")}
    assert {k: guessed[k] for k in same} == same  # stored as any typed answer is: no transcript, no confidence
    assert session(store).status == "active" and session(store).pending_answer is None


def test_a_tapped_yes_stores_it_even_after_the_servers_restart(young_person, store, surveys, settings):
    young_person(NEAR_MISS)
    again = Conversation(store, surveys, settings)  # the guess waits on the session, not in memory
    replies = again.handle(Incoming("rest", "person-1", f'/greet{{"question_id":"{FIRST}"}}', **tap(FIRST, "greet")))
    assert replies[-1].custom["question_id"] == SECOND
    assert store.answers(session(store).id)[FIRST]["value"] == 4


def test_no_stores_nothing_and_asks_the_question_again(young_person, store):
    young_person(NEAR_MISS)
    replies = young_person("no")
    assert replies[-1].custom["type"] == "question" and replies[-1].custom["question_id"] == FIRST
    assert replies[-1].custom["intro"] == "Sorry, I got that wrong. Please answer again."
    assert store.answers(session(store).id) == {}
    assert session(store).status == "active" and session(store).pending_answer is None
    young_person(NEAR_MISS)
    assert young_person("/repeat", **tap(FIRST, "repeat"))[-1].custom["intro"] == m.GUESSED_WRONG  # the No button


def test_another_answer_instead_of_yes_is_stored_as_that_answer(young_person, store):
    young_person(NEAR_MISS)
    assert young_person("2")[-1].custom["question_id"] == SECOND
    young_person(NEAR_MISS)
    young_person(f'/answer{{"question_id":"{SECOND}","value":5}}', via="button", intent="answer",
                 payload={"question_id": SECOND, "value": 5})
    stored = store.answers(session(store).id)
    assert (stored[FIRST]["value"], stored[FIRST]["raw_reply"], stored[FIRST]["given_via"]) == (2, "2", "typed")
    assert (stored[SECOND]["value"], stored[SECOND]["given_via"]) == (5, "button")


def test_stop_while_asked_still_stops_and_keeps_nothing_of_the_guess(young_person, store):
    young_person(NEAR_MISS)
    assert young_person("stop")[0].custom["type"] == "survey_stopped"
    assert session(store).status == "stopped" and store.answers(session(store).id) == {}


def test_a_worrying_reply_goes_to_the_check_in_not_to_did_you_mean(young_person, store):
    replies = young_person(f"{NEAR_MISS} someone hurts me")
    assert replies[-1].custom["type"] == "safeguarding" and session(store).status == "checking_in"
    assert session(store).pending_answer is None and len(store.concerns()) == 1

    young_person("yes")  # carry on
    young_person(NEAR_MISS)  # and, while a guess is being asked about, a worrying reply is not a yes or a no
    replies = young_person("someone hurts me")
    assert replies[-1].custom["type"] == "safeguarding" and session(store).status == "checking_in"
    assert len(store.concerns()) == 2 and store.answers(session(store).id) == {}


def test_an_advocates_worrying_observation_is_passed_on_while_the_guess_waits(chat, store):
    advocate = AdvocateAccounts(store.engine).add("j.smith", "correct horse battery staple").id

    def beside(text, **kw):
        return chat.conversation.handle(Incoming("webchat", "young-person-ref-hash", text, advocate_id=advocate, **kw))

    beside("hello")
    beside("English")
    assert beside("me")[-1].custom["question_id"] == FIRST
    worry = "She said she is not safe at home"
    asked = beside(NEAR_MISS, assistance="interpreted", observation=worry)[-1]
    assert asked.custom["type"] == "did_you_mean"  # the advocate is there: no check-in
    assert [(c["question_id"], c["raw_reply"]) for c in store.concerns()] == [(FIRST, worry)]  # at once, not at yes
    beside("yes")
    stored = store.answers(session(store).id)[FIRST]
    assert (stored["value"], stored["assistance"], stored["observation"]) == (4, "interpreted", worry)
    assert len(store.concerns()) == 1


def test_a_yes_tapped_on_a_stale_did_you_mean_for_another_question_stores_nothing(young_person, store):
    young_person(NEAR_MISS)
    young_person("3")  # answered another way, so the first question's Yes is left on the screen
    stale = young_person("/greet", **tap(FIRST, "greet"))[-1]
    assert stale.custom["question_id"] == SECOND and stale.custom["intro"].startswith("That button was for")
    young_person(NEAR_MISS)  # now asked about the second question: the first's Yes still is not its yes
    stale = young_person("/greet", **tap(FIRST, "greet"))[-1]
    assert stale.custom["question_id"] == SECOND and stale.custom["type"] == "question"
    assert list(store.answers(session(store).id)) == [FIRST] and store.answers(session(store).id)[FIRST]["value"] == 3


def test_a_skip_the_classifier_half_thinks_is_asked_about_and_a_sure_one_is_taken(young_person, store):
    asked = young_person("can we go onto another one", intent="skip", confidence=0.6)[-1]
    assert asked.custom["type"] == "did_you_mean" and asked.text.startswith("Did you mean “Skip”?")
    assert store.answers(session(store).id) == {}
    assert young_person("yes")[-1].custom["question_id"] == SECOND
    skipped = store.answers(session(store).id)[FIRST]
    said = "can we go onto another one"
    assert (skipped["status"], skipped["value"], skipped["raw_reply"]) == ("skipped", None, said)

    asked = young_person("whatever", intent="dont_know", confidence=0.5)[-1]
    assert asked.text.startswith("Did you mean “Don't know”?")
    young_person("no")
    assert young_person("can we go onto another one", intent="skip", confidence=0.7)[-1].custom["type"] == "question"
    assert store.answers(session(store).id)[SECOND]["status"] == "skipped"  # sure enough: taken, as before
    below = young_person("whatever", intent="dont_know", confidence=0.49)[-1]  # too unsure to ask about
    assert below.custom["type"] == "question" and below.custom["intro"] == m.UNCLEAR_FIRST


def test_by_sms_did_you_mean_is_a_text_answered_yes_or_no(young_person, store):
    asked = young_person(NEAR_MISS)
    text = sms_reply([r.as_dict() for r in asked])
    assert text == 'Did you mean "Mostly"?'  # straight quotes keep it one GSM text; nothing to tap
    young_person("yes")
    assert store.answers(session(store).id)[FIRST]["value"] == 4


@pytest.mark.parametrize("lang, choose, near_miss, hint, yes, label", [
    ("cy", "Cymraeg", "weiau", None, "ie", "Sometimes"),  # "weithiau", three letters short
    ("ar", "العربية", "هممم", "skip", "نعم", m.SKIP_LABEL),
])
def test_did_you_mean_is_asked_in_the_sessions_language(chat, store, lang, choose, near_miss, hint, yes, label):
    chat(choose)
    assert chat("1")[-1].custom["question_id"] == FIRST  # a young person
    asked = chat(near_miss, **({"intent": hint, "confidence": 0.6} if hint else {}))[-1]
    young = Speaker(lang, reader_of("young_person"))
    assert asked.custom["type"] == "did_you_mean" and asked.custom["language"] == lang
    assert asked.text.startswith(young.say(m.DID_YOU_MEAN, choice=young.say(label)))
    assert young.say(m.DID_YOU_MEAN, choice="x") != m.DID_YOU_MEAN.format(choice="x")  # in the language, not English
    assert [c["label"] for c in asked.custom["controls"]] == [young.say(m.CONFIRM_YES_LABEL),
                                                              young.say(m.CONFIRM_NO_LABEL)]
    assert chat(yes)[-1].custom["question_id"] == SECOND
    stored = store.answers(session(store).id)[FIRST]
    assert (stored["raw_reply"], stored["language"]) == (near_miss, lang)
