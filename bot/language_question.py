"""The language question: every supported language by its own name, in its own script and direction, with a
symbol and its name spoken in it. The language a channel's hints point to comes first, ready to tap."""

from __future__ import annotations

from bot import messages as m
from bot.languages import direction, endonym, supported
from bot.outgoing import Outgoing, intent_payload, voiced
from bot.speech import name_spoken


def offered_languages(preselected: str) -> list[str]:
    """Every supported language, the preselected one first, so "1" or "yes" keeps it."""
    return [preselected] + [lang for lang in supported() if lang != preselected]


def language_question(session_id: str, speaker: m.Speaker, intro: str | None = None) -> Outgoing:
    """The list, asked in the preselected language (`speaker`'s), which comes first."""
    preselected = speaker.lang
    question = speaker.say(m.ASK_LANGUAGE)
    choices = [{"value": lang, "label": endonym(lang), "symbol": f"language-{lang}", "direction": direction(lang),
                "preselected": lang == preselected, "audio": name_spoken(lang)}
               for lang in offered_languages(preselected)]
    text = "\n".join([t for t in (intro, question) if t] + [f"{i} {c['label']}" for i, c in enumerate(choices, 1)])
    return Outgoing(
        text=text,
        custom={"type": "choose_language", "session_id": session_id, "text": question, "intro": intro,
                "choices": choices, "preselected": preselected, "language": preselected,
                "direction": direction(preselected), **voiced(speaker, m.ASK_LANGUAGE)},
        buttons=[{"title": str(c["label"]), "payload": intent_payload("choose_language", language=c["value"])}
                 for c in choices],
    )
