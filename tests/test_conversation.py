"""The survey conversation (bot/dialogue/conversation.py), turn by turn, with a real store."""

import dataclasses

import pytest

from bot.dialogue.conversation import Conversation
from bot.dialogue.incoming import Incoming
from bot.settings import SettingsError
from bot.store.survey_store import SurveyStore


def types(replies):
    return [r.custom["type"] for r in replies]


def answers(store, session_id=None):
    sessions = [s for s in [store.latest_session(1)] if s]
    return store.answers(session_id or sessions[0].id)


def test_a_young_person_completes_the_survey(chat, store, surveys):
    assert types(chat("hello")) == ["choose_language"]
    opening = chat("1")
    assert types(opening) == ["welcome", "privacy_notice", "choose_role"]
    assert "stop at any time" in opening[0].text
    first = chat("me")
    assert first[-1].custom["question_id"] == "yp_voice_communicate"
    question = first[-1].custom
    assert question["area"] == "voice" and question["position"] == 1 and question["total"] == 25
    assert [c["value"] for c in question["choices"]] == [1, 2, 3, 4, 5]
    assert all(c["label"] and c["emoji"] and c["symbol"] for c in question["choices"])
    young = surveys["shropshire_annual_review"].for_role("young_person")
    replies = ["5", "yeah mostly", "😀", "not really", "3"] * 4
    free_text = ["swimming", "loud noises", "my dog", "maths", "moving school", "be a vet"]
    assert len(young) == 19 + len(free_text)
    for reply in replies[:19] + free_text:
        last = chat(reply)
    assert types(last) == ["survey_complete", "summary"]
    assert last[0].custom["session_id"]
    summary = last[1].text
    assert "You answered 25 questions" in summary and "Going well" in summary and "Could be better" in summary
    stored = answers(store)
    assert len(stored) == 25
    assert stored["yp_voice_listened_to"]["value"] == 4
    assert stored["yp_progress_learning"]["value"] == 2
    assert stored["yp_free_future"]["raw_reply"] == "be a vet" and stored["yp_free_future"]["value"] is None
    assert store.latest_session(1).status == "finished"


def test_a_parent_carer_gets_the_parent_questions(chat):
    chat("English")
    reply = chat("I'm a parent")
    assert reply[-1].custom["question_id"] == "pc_voice_share_views"
    assert reply[-1].custom["total"] == 27


def test_an_advocate_answers_the_young_persons_questions(chat, store):
    chat("English")
    reply = chat("3")
    assert reply[0].custom["role"] == "advocate"
    assert reply[-1].custom["question_id"] == "yp_voice_communicate"
    assert store.latest_session(1).role == "advocate"


def test_i_dont_understand_gives_help_in_easy_read_then_just_the_faces(chat, store, surveys):
    chat("English")
    question = surveys["shropshire_annual_review"].question("yp_voice_communicate")
    assert chat("me")[-1].custom["text"] == question.plain
    helped = chat("I don't understand")[0].custom
    assert helped["text"] == question.easy_read and question.help in helped["intro"] and not helped["faces_only"]
    tapped = chat('/help{"question_id":"yp_voice_communicate"}', via="button", intent="help", confidence=1.0,
                  payload={"question_id": "yp_voice_communicate"})[0].custom  # the Help button
    assert tapped["faces_only"] and [c["title"] for c in tapped["choices"]] == ["😞", "🙁", "😐", "🙂", "😀"]
    assert [c["label"] for c in tapped["choices"]] == ["No, never", "Not often", "Sometimes", "Mostly", "Yes, always"]
    assert chat("4")[0].custom["question_id"] == "yp_voice_listened_to"  # understood: the next is asked plainly
    assert chat("help")[0].custom["text"] == surveys["shropshire_annual_review"].question(
        "yp_voice_listened_to").easy_read
    assert answers(store)["yp_voice_communicate"]["value"] == 4


def test_help_repeat_skip_and_dont_know(chat, store):
    chat("English")
    chat("me")
    helped = chat("what does that mean")
    assert helped[0].custom["question_id"] == "yp_voice_communicate"
    assert "words, signs, pictures" in helped[0].text
    repeated = chat("say that again")
    assert repeated[0].custom["question_id"] == "yp_voice_communicate"
    assert chat("skip")[0].custom["question_id"] == "yp_voice_listened_to"
    assert chat("dunno")[0].custom["question_id"] == "yp_voice_plan_decisions"
    stored = answers(store)
    assert (stored["yp_voice_communicate"]["status"], stored["yp_voice_listened_to"]["status"]) == (
        "skipped", "dont_know")


def test_going_back_changes_the_last_answer(chat, store):
    chat("English")
    chat("me")
    chat("2")
    back = chat("go back")
    assert back[0].custom["question_id"] == "yp_voice_communicate"
    assert "you said: 2" in back[0].text
    moved_on = chat("4")
    assert moved_on[0].custom["question_id"] == "yp_voice_listened_to"
    row = answers(store)["yp_voice_communicate"]
    assert (row["value"], row["times_changed"]) == (4, 1)


def test_back_on_the_first_question_says_so(chat):
    chat("English")
    chat("me")
    assert "first question" in chat("go back")[0].text


def test_pause_then_resume_after_a_restart(chat, store, surveys, settings):
    chat("English")
    chat("parent")
    chat("4")
    paused = chat("can we finish later")
    assert types(paused) == ["survey_paused"]
    restarted = Conversation(SurveyStore(store.engine), surveys, settings)  # a new process, same database
    resumed = restarted.handle(Incoming("rest", "person-1", "hello"))
    assert "Welcome back" in resumed[0].text
    assert resumed[0].custom["question_id"] == "pc_voice_views_considered"


def test_stop_keeps_what_was_answered(chat, store):
    chat("English")
    chat("me")
    chat("5")
    stopped = chat("stop")
    assert types(stopped) == ["survey_stopped", "summary"]
    assert "kept what you told us" in stopped[0].text
    assert store.latest_session(1).status == "stopped"
    assert answers(store)["yp_voice_communicate"]["value"] == 5
    assert types(chat("English")) == ["welcome", "privacy_notice", "choose_role"]  # a later hello starts afresh


def test_unclear_replies_are_asked_again_differently_then_skip_is_offered(chat, store):
    chat("English")
    chat("me")
    first = chat("banana")[0]
    second = chat("banana")[0]
    third = chat("banana")[0]
    assert "different way" in first.text and not first.custom["faces_only"]
    assert first.custom["text"] == "Do people help you say what you think? You can use words, signs or pictures."
    assert second.custom["faces_only"] and "faces" in second.text
    assert "skip" in third.text
    assert answers(store) == {}
    assert chat("4")[0].custom["question_id"] == "yp_voice_listened_to"
    assert store.latest_session(1).unclear_count == 0


def test_a_tapped_button_codes_against_its_own_question(chat, store):
    chat("English")
    chat("me")
    tap = chat('/answer{"question_id":"yp_voice_communicate","value":2}', via="button",
               payload={"question_id": "yp_voice_communicate", "value": 2})
    assert tap[0].custom["question_id"] == "yp_voice_listened_to"
    stale = chat('/answer{"question_id":"yp_voice_communicate","value":5}', via="button",
                 payload={"question_id": "yp_voice_communicate", "value": 5})
    assert "earlier question" in stale[0].text
    row = answers(store)["yp_voice_communicate"]
    assert (row["value"], row["given_via"], row["raw_reply"]) == (2, "button", "2")
    assert "yp_voice_listened_to" not in answers(store)


def test_nlu_breaks_the_tie_only_when_the_coder_cannot_tell(chat, store):
    chat("English")
    chat("me")
    assert "some help" in chat("could you explain it to me", intent="help", confidence=0.9)[0].text
    assert chat("5", intent="stop", confidence=0.9)[0].custom["question_id"] == "yp_voice_listened_to"


def test_a_disclosure_gets_kind_words_at_once_is_recorded_and_the_survey_waits(chat, store):
    chat("English")
    chat("me")
    replies = chat("my dad hits me")
    assert types(replies) == ["safeguarding"]
    assert "Childline on 0800 1111" in replies[0].text and "carry on" in replies[0].text
    assert [b["payload"] for b in replies[0].buttons] == ["/greet", "/pause", "/stop"]
    assert [c["raw_reply"] for c in store.concerns()] == ["my dad hits me"]
    assert answers(store) == {}
    unsure = chat("hmm")
    assert types(unsure) == ["safeguarding"] and "take a break" in unsure[0].text
    again = chat("yes")
    assert again[0].custom["question_id"] == "yp_voice_communicate"  # only now does the survey go on


def test_a_free_text_disclosure_is_kept_as_the_answer_and_a_break_is_honoured(chat, store, surveys):
    chat("English")
    chat("me")
    for _ in range(19):
        chat("4")
    chat("drawing")
    chat("I don't like it when he hits me")
    assert store.latest_session(1).status == "checking_in"
    assert answers(store)["yp_free_dont_like"]["concern"] is True
    rest = chat("no")
    assert types(rest) == ["survey_paused"] and "0800 1111" in rest[0].text
    back = chat("hello")
    assert back[0].custom["question_id"] == "yp_free_important"


def test_a_disclosure_on_the_last_question_still_ends_the_survey_properly(chat, store):
    chat("English")
    chat("parent")
    for _ in range(21):
        chat("3")
    for _ in range(5):
        chat("fine")
    assert types(chat("we are scared to go home")) == ["safeguarding"]
    done = chat("carry on")
    assert types(done) == ["survey_complete", "summary"]
    assert store.latest_session(1).status == "finished"


def test_a_disclosure_before_the_first_question_is_not_lost(chat, store):
    chat("English")
    replies = chat("I'm scared to go home")
    assert types(replies) == ["safeguarding", "choose_role"]
    assert [(c["question_id"], c["raw_reply"]) for c in store.concerns()] == [(None, "I'm scared to go home")]


def test_the_link_chooses_the_survey_and_a_session_never_mixes_two(chat, store):
    chat("English", survey="bromley_outcomes")
    first = chat("me", survey="bromley_outcomes")
    assert first[-1].custom["survey"] == "bromley_outcomes"
    assert first[-1].custom["question_id"] == "br_yp_listened_to" and first[-1].custom["total"] == 16
    later = chat("4", survey="shropshire_annual_review")  # a different link mid-session changes nothing
    assert later[-1].custom["survey"] == "bromley_outcomes"
    assert store.latest_session(1).survey == "bromley_outcomes"


def test_an_unknown_survey_in_the_link_falls_back_to_the_deployments_survey(chat, store):
    chat("English", survey="no_such_survey")
    assert store.latest_session(1).survey == "shropshire_annual_review"


def test_a_deployment_naming_no_known_survey_is_refused_with_the_choices(store, surveys, settings):
    with pytest.raises(SettingsError, match="bristol_outcomes, bromley_outcomes, send_reforms_family_experience, "
                                            "shropshire_annual_review"):
        Conversation(store, surveys, dataclasses.replace(settings, survey="nope"))


def test_bristol_asks_the_post_14_questions_only_of_young_people_aged_14_and_over(chat, store):
    chat("English", sender="older", survey="bristol_outcomes")
    roles = chat("me", sender="older")
    assert types(roles) == ["role_chosen", "ask_age"]
    first = chat("I'm fifteen", sender="older")[0].custom
    assert first["question_id"] == "bri_yp_t1_1" and first["total"] == 25
    chat("English", sender="younger", survey="bristol_outcomes")
    chat("me", sender="younger")
    assert chat("12", sender="younger")[0].custom["total"] == 21
    chat("English", sender="private", survey="bristol_outcomes")
    chat("me", sender="private")
    assert "age in years" in chat("banana", sender="private")[0].text
    assert chat("rather not say", sender="private")[0].custom["total"] == 21  # unknown age: no post-14 questions


def test_a_survey_offers_only_the_roles_it_has_questions_for(chat, store):
    opening = chat("English", survey="bristol_outcomes")
    assert [c["value"] for c in opening[2].custom["choices"]] == ["young_person", "advocate"]
    helped = chat("2")  # the second role offered here is the advocate
    assert helped[0].custom["role"] == "advocate"
    assert "young person you are helping" in helped[1].text


def test_the_family_experience_survey_is_for_parent_carers(chat):
    opening = chat("English", survey="send_reforms_family_experience")
    assert [c["value"] for c in opening[2].custom["choices"]] == ["parent_carer"]
    first = chat("1")[-1].custom
    assert first["question_id"] == "rf_pc_universal_services" and first["total"] == 18
