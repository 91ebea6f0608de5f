"""What a typed Telegram message says to the bot: a command as the intent it stands for, an invitation link's
start parameter as its language, survey and family, and the choice of pictures."""

from __future__ import annotations

import re

from bot.pseudonym import FAMILY_KEY

# Telegram's commands, as the intents they stand for; "/start pl" or "/start <survey>-pl" comes from an
# invitation link (t.me/<bot>?start=pl) and carries its language, and perhaps its survey.
COMMANDS = {"start": "/greet", "help": "/help", "language": "/change_language", "repeat": "/repeat",
            "skip": "/skip", "back": "/go_back", "pause": "/pause", "stop": "/stop"}
PICTURES = "pictures"  # "/pictures", "/pictures off", and the start parameter of a link that chooses pictures
INVITED_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}$")
INVITED_SURVEY = re.compile(r"^[a-z0-9_]{4,60}$")


def invitation(parameter: str) -> tuple[str | None, str | None, str | None]:
    """An invitation link's start parameter ("pl", "bromley_outcomes", "bromley_outcomes-pl" or, from a list with
    families, "bromley_outcomes-pl-<family key>", as `sayit invitations` writes them): (language, survey, family),
    any of them None."""
    if parameter == PICTURES:
        return None, None, None
    rest, _, last = parameter.rpartition("-")
    family = last if rest and FAMILY_KEY.match(last) else None
    parameter = rest if family else parameter
    survey, _, lang = parameter.rpartition("-")
    if survey:
        if INVITED_LANGUAGE.match(lang) and INVITED_SURVEY.match(survey):
            return lang, survey, family
        return None, None, None
    if INVITED_LANGUAGE.match(parameter):
        return parameter, None, family
    return (None, parameter, family) if INVITED_SURVEY.match(parameter) else (None, None, None)


def typed(text: str) -> tuple[str, str | None, str | None, str | None]:
    """What a typed message says to the bot: (text, and from an invitation its language, survey and family).
    A command becomes its intent; anything else starting with "/" is taken as words, never as a button."""
    if not text.startswith("/"):
        return text, None, None, None
    word, _, rest = text[1:].partition(" ")
    command = word.split("@")[0].lower()  # "/start@sayit_bot" in a client that names the bot
    if command == "start":
        return ("/greet", *invitation(rest.strip()))
    if command in COMMANDS:
        return COMMANDS[command], None, None, None
    return text.lstrip("/ ") or "?", None, None, None


def pictures_command(text: str) -> bool | None:
    """True for "/pictures" (or "/pictures on") and for "/start pictures", from the link that chooses pictures;
    False for "/pictures off"; None for anything else."""
    word, _, rest = text.partition(" ")
    command, rest = word.split("@")[0].lower(), rest.strip().lower()
    if command == "/start":
        return True if rest == PICTURES else None
    if command == f"/{PICTURES}":
        return {"": True, "on": True, "off": False}.get(rest)
    return None
