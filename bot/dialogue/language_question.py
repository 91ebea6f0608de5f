"""The language question: every supported language by its own name, in its own script and direction, with a
symbol and its name spoken in it. The language a channel's hints point to comes first, ready to tap."""

from __future__ import annotations

from bot.dialogue.outgoing import Intro, Outgoing, intent_payload, intro_parts, intro_text, tap, voiced
from bot.media.speech import name_spoken
from bot.translation import messages as m
from bot.translation.languages import direction, endonym, supported
from bot.translation.speaker import Speaker


def offered_languages(preselected: str) -> list[str]:
    """Every supported language, the preselected one first, so "1" or "yes" keeps it."""
    return [preselected] + [lang for lang in supported() if lang != preselected]


def language_question(session_id: str, speaker: Speaker, intro: Intro = None) -> Outgoing:
    """The list, asked in the preselected language (`speaker`'s), which comes first."""
    preselected = speaker.lang
    choices = [tap(lang, endonym(lang), intent_payload("choose_language", language=lang), symbol=f"language-{lang}",
                   direction=direction(lang), preselected=lang == preselected, audio=name_spoken(lang))
               for lang in offered_languages(preselected)]
    return Outgoing({"type": "choose_language", "session_id": session_id, "text": speaker.say(m.ASK_LANGUAGE),
                     "intro": intro_text(speaker, intro), "choices": choices, "preselected": preselected,
                     "language": preselected, "direction": direction(preselected),
                     **voiced(speaker, *intro_parts(intro), m.ASK_LANGUAGE)})
