"""Who chose to have each question as a picture card, for a channel to ask before it sends (a channel never
opens the store itself). The choice is kept on the respondent (`bot.store.preferences`), found by the same
pseudonym the conversation gives the store: HMAC(SAYIT_PSEUDONYM_KEY, channel and the sender id the channel
handed Rasa, itself already a keyed hash of the chat id). No chat id reaches this module.
"""

from __future__ import annotations

from bot.pseudonym import respondent_key
from bot.settings import database_url
from bot.store.preferences import Presentation, choose_pictures, presentation
from bot.store.survey_store import opened

__all__ = ["Presentation", "chosen", "choose"]


def chosen(pseudonym_key: bytes, channel: str, sender: str) -> Presentation:
    """Whether this sender chose pictures, and where they are; raises SQLAlchemy's errors when the store cannot
    be read just now."""
    return presentation(opened(database_url()), respondent_key(pseudonym_key, channel, sender))


def choose(pseudonym_key: bytes, channel: str, sender: str, pictures: bool) -> Presentation:
    return choose_pictures(opened(database_url()), respondent_key(pseudonym_key, channel, sender), pictures)
