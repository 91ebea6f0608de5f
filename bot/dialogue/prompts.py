"""The messages of the conversation other than the survey's questions: who is answering, the young person's age,
the check-in after a worrying reply, and the summary at the end. Each is built here from the session and the
person's `Speaker`; the states in `conversation`, `opening`, `answering` and `checking_in` decide when."""

from __future__ import annotations

from typing import Any

from bot.dialogue.outgoing import Intro, Outgoing, control, intent_payload, intro_parts, intro_text, said, tap, voiced
from bot.media.speech import Joined, Said, Words, shown, spoken, words
from bot.store.survey_store import SessionState
from bot.surveys.model import Survey
from bot.translation import messages as m
from bot.translation.speaker import Speaker
from bot.vocabulary import Coded, Role

SUMMARY_ITEMS = 3  # of each kind, so the summary stays a few lines


def offered_roles(survey: Survey) -> list[Role]:
    """Who can answer this survey: an advocate helps a young person, so needs the young person's questions."""
    roles = [r for r in (Role.YOUNG_PERSON, Role.PARENT_CARER) if r in survey.roles]
    return roles + ([Role.ADVOCATE] if Role.YOUNG_PERSON in roles else [])


def question_role(role: str | None) -> Role:
    """An advocate helps a young person answer the young person's questions."""
    return Role.PARENT_CARER if role == Role.PARENT_CARER else Role.YOUNG_PERSON


def age_asked_of(role: str | None) -> Role:
    """An advocate is asked the young person's age; anyone else, their own."""
    return Role.ADVOCATE if role == Role.ADVOCATE else Role.YOUNG_PERSON


def role_question(session: SessionState, survey: Survey, speaker: Speaker, intro: Intro = None) -> Outgoing:
    choices = [tap(r, speaker.say(m.ROLE_LABELS[r]), intent_payload("choose_role", role=r), symbol=f"role-{r}",
                   audio=spoken(speaker, m.ROLE_LABELS[r])[0]) for r in offered_roles(survey)]
    return Outgoing({"type": "choose_role", "session_id": session.id, "text": speaker.say(m.ASK_ROLE),
                     "intro": intro_text(speaker, intro), "choices": choices, "language": speaker.lang,
                     **voiced(speaker, *intro_parts(intro), m.ASK_ROLE)})


def age_question(session: SessionState, speaker: Speaker, intro: Intro = None) -> Outgoing:
    asked = m.ASK_AGE[age_asked_of(session.role)]
    controls = [control("rather_not_say", speaker, m.RATHER_NOT_SAY_LABEL, intent_payload("skip"))]
    return Outgoing({"type": "ask_age", "session_id": session.id, "text": speaker.say(asked),
                     "intro": intro_text(speaker, intro), "choices": [], "controls": controls,
                     "language": speaker.lang, **voiced(speaker, *intro_parts(intro), asked)})


def check_in_question(session: SessionState, speaker: Speaker, asking: Said = m.SAFEGUARDING) -> Outgoing:
    """After a worrying reply: kind words (or other words, when asking again), then carry on, a break or stop."""
    controls = [control("carry_on", speaker, m.CARRY_ON_LABEL, intent_payload("greet")),
                control("pause", speaker, m.BREAK_LABEL, intent_payload("pause")),
                control("stop", speaker, m.STOP_LABEL, intent_payload("stop"))]
    return said(speaker, "safeguarding", asking, session_id=session.id, language=speaker.lang, choices=[],
                controls=controls)


def paused_message(session: SessionState, speaker: Speaker, english: str) -> Outgoing:
    """Stopped for now, with a button to carry on: any message carries on, but a tap needs no words."""
    return said(speaker, "survey_paused", english, session_id=session.id,
                controls=[control("carry_on", speaker, m.RESUME_LABEL, intent_payload("greet"))])


def summary(session: SessionState, survey: Survey, answers: dict[str, dict[str, Any]], speaker: Speaker,
            ended_by: str) -> list[Outgoing]:
    """What the person told us, in a few lines: how many answers, what is going well and what could be better."""
    if not answers:
        return []
    answered = [a for a in answers.values() if a["status"] == Coded.ANSWERED]
    scored = [a for a in answered if a["value"] is not None]
    good = [words(survey.question(a["question_id"]).summary) for a in scored if a["value"] >= 4]
    hard = [words(survey.question(a["question_id"]).summary) for a in scored if a["value"] <= 2]
    in_words = len(answered) - len(scored)
    # said in the bot's own words (the summary of each question), never the person's: so it can be heard too
    lines: list[Words] = [words(m.SUMMARY_COUNT, count=len(answered))]
    if good:
        lines.append(words(m.SUMMARY_GOOD, items=Joined(m.SUMMARY_SEPARATOR, tuple(good[:SUMMARY_ITEMS]))))
    if hard:
        lines.append(words(m.SUMMARY_HARD, items=Joined(m.SUMMARY_SEPARATOR, tuple(hard[:SUMMARY_ITEMS]))))
    if in_words:
        lines.append(words(m.SUMMARY_WORDS, count=in_words))
    return [said(speaker, "summary", *lines, session_id=session.id, answered=len(answered),
                 going_well=[shown(speaker, w) for w in good], could_be_better=[shown(speaker, w) for w in hard],
                 ended_by=ended_by)]
