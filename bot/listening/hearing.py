"""Hearing a spoken answer: the audio made into speech a recogniser hears (`audio`), heard by the language's engine
against the phrases the question expects, and coded by the same coder as a typed reply, so a spoken "mostly" and a
typed one are the same answer. A safeguarding phrase spotted in the audio, or read in the transcript, is a concern.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.listening import engines
from bot.listening.audio import BYTES_PER_SECOND, to_pcm16k
from bot.listening.heard import CONFIRM_BELOW, CannotListen, Heard
from bot.listening.phrases import phrases_for
from bot.surveys.model import Question, Survey
from bot.understanding.reading import Reading

check_engines = engines.check_engines
# A free-text question's phrases are only the controls, skip and don't know, so a spoken sentence is heard as one
# of them ("i want more time outside" as "i want to stop", surely): what is heard there is always confirmed.
UNSURE = round(CONFIRM_BELOW - 0.01, 2)


def can_hear(lang: str) -> bool:
    """Whether an engine is configured for this language (by default English alone, by pocketsphinx)."""
    return lang in engines.configured_languages()


def hear(audio: bytes, lang: str, phrases: Sequence[str]) -> Heard:
    """What was said in `audio` (any container ffmpeg reads), listening for `phrases`: an empty transcript with
    confidence 0 when nothing was heard. CannotListen, with a message for the person, when it cannot be."""
    engine = engines.engine_for(lang)
    if engine is None:
        raise CannotListen("I can only listen to answers in English for now. Please type your answer, or tap one.")
    speech = to_pcm16k(audio)
    if len(speech) < BYTES_PER_SECOND // 10:  # silence, or a tenth of a second: no word to hear
        return Heard("", 0.0)
    heard = engine.recognise(speech, phrases)
    if not heard.transcript:
        return Heard("", 0.0, heard.concern)
    # an engine that hears more than the phrases (a council's own) may hear a disclosure in its transcript
    concern = heard.concern or Reading(heard.transcript, lang).concern
    return Heard(heard.transcript, max(0.0, min(1.0, heard.confidence)), concern)


def hear_answer(audio: bytes, lang: str, survey: Survey, question: Question) -> Heard:
    """A spoken answer to `question`, heard against what it expects. A free-text question's grammar holds only
    the controls, skip and don't know, so a sentence is forced into one of them: it is never sure."""
    heard = hear(audio, lang, phrases_for(question, lang, survey))
    if question.is_scale:
        return heard
    return Heard(heard.transcript, min(heard.confidence, UNSURE), heard.concern)


def listen(audio: bytes, lang: str, survey: Survey, question: Question) -> dict[str, Any]:
    """A spoken answer to `question`, heard and coded: `transcript`, `confidence`, and the `status`, `value`,
    `control` and `concern` that `sayit code` prints for the same words typed."""
    heard = hear_answer(audio, lang, survey, question)
    coding = Reading(heard.transcript, lang).answer(question.kind)
    return {"transcript": heard.transcript, "confidence": round(heard.confidence, 3), **coding.as_dict(),
            "concern": coding.concern or heard.concern}
