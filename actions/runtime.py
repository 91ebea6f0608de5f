"""The action server's one conversation object, built on first use rather than at import time."""

from __future__ import annotations

from functools import lru_cache

from bot.dialogue.conversation import Conversation
from bot.settings import Settings
from bot.store.survey_store import SurveyStore
from bot.surveys.loading import load_surveys


@lru_cache(maxsize=1)
def conversation() -> Conversation:
    settings = Settings.from_env()
    return Conversation(SurveyStore.open(settings.db_url), load_surveys(), settings)
