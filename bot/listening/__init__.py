"""Answers spoken rather than typed: audio in any container ffmpeg reads made into 16 kHz mono speech (`audio`),
heard by the recogniser configured for its language (`engines`; pocketsphinx for English, `pocketsphinx_engine`)
against the phrases the open question expects (`phrases`), listened to again for the word lists' safeguarding
phrases (`spoken_concern`), and coded by the same coder as a typed reply (`hearing`). `evaluate` measures it all
on espeak-ng's voices. What a recogniser gives back, and the protocol a council's own engine implements, are in
`heard`.

Nothing here runs at import: the recognisers are made the first time a language is heard (or by `check_engines`
at start-up).

May import: `bot.settings`, `bot.vocabulary`, `bot.surveys`, `bot.understanding`, `bot.translation`, `pocketsphinx`.
"""

from bot.listening.heard import CONFIRM_BELOW, CannotListen, Heard, Recogniser
from bot.listening.hearing import can_hear, check_engines, hear, hear_answer, listen
from bot.listening.phrases import phrases_for

__all__ = ["CONFIRM_BELOW", "CannotListen", "Heard", "Recogniser", "can_hear", "check_engines", "hear", "hear_answer",
           "listen", "phrases_for"]
