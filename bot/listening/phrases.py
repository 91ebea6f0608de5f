"""What the open question expects to hear, from the data alone: its choices as the person sees them in their
language, the word list's everyday words for the scale (not its other families), the scale's numbers (words and
digits), yes and no, skip, don't know, and the controls (not those the word list keeps `in_writing`). A recogniser
listens for these and nothing else."""

from __future__ import annotations

from bot.surveys.model import Question, Survey
from bot.translation.speaker import Speaker
from bot.understanding.lexicon import load_lexicon
from bot.understanding.normalise import normalise, tokens
from bot.vocabulary import Control

# the controls a spoken answer may be; choosing a language is done before any question is heard
SPOKEN_CONTROLS = (Control.HELP, Control.REPEAT, Control.BACK, Control.PAUSE, Control.STOP)


def _said(text: str) -> str:
    return " ".join(tokens(normalise(text)))


def phrases_for(question: Question, lang: str, survey: Survey | None = None) -> list[str]:
    """The phrases `question` expects in `lang`, each once, in the order first found. Given the `survey`, its
    choices' labels are among them, as `bot.translation` says them in `lang`."""
    lex = load_lexicon(lang)
    found: list[str] = []
    if question.is_scale:
        choices = survey.choices(question) if survey else ()
        speaker = Speaker(lang)
        found += [_said(speaker.say(c.label)) for c in choices]
        found += [" ".join(words) for words in lex.spoken_scale]
        values = {c.value for c in choices} or {int(str(v)) for c, v in lex.phrases.values() if c == "scale"}
        found += [word for word, value in lex.numbers.items() if value in values]
        found += [" ".join(words) for words, value in lex.number_phrases.items() if value in values]
        found += [str(value) for value in sorted(values)]
        found += [" ".join(words) for words in lex.yes_no]
    steers = {"skip", "dont_know"}
    found += [" ".join(words) for words, (category, detail) in lex.spoken_steers.items()
              if category in steers or (category == "control" and detail in SPOKEN_CONTROLS)]
    return list(dict.fromkeys(p for p in found if p))
