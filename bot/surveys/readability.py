"""How easily a survey's young-person wordings read, measured with textstat.

The limits, and why:
- A young person's `plain` wording must score at least 70 on the Flesch Reading Ease scale ("fairly easy":
  read without effort at about age 12) and have at most 20 words: the people answering have SEND, and many read
  well below their age, so a question should be one short sentence.
- Every `easy_read` sentence (any role) has at most 12 words and there are at most 2 sentences: easy-read
  guidance asks for short sentences with one idea each. Flesch scores jump about on texts of five words,
  so for easy read the sentence limit is the test, with a floor of 50 for young-person easy read.
"""

from __future__ import annotations

import re

import textstat

from bot.surveys.model import Survey

PLAIN_MIN_EASE = 70.0
PLAIN_MAX_WORDS = 20
EASY_MAX_SENTENCE_WORDS = 12
EASY_MAX_SENTENCES = 2
EASY_MIN_EASE = 50.0


def words(text: str) -> int:
    return len(re.findall(r"[\w'’-]+", text))


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.?!])\s+", text.strip()) if s]


def wording_problems(survey: Survey) -> list[str]:
    """Every wording that breaks a limit, as 'question: problem'. Empty when the survey reads easily."""
    textstat.set_lang("en")
    problems = []
    for q in survey.questions:
        if q.role == "young_person":
            ease = textstat.flesch_reading_ease(q.plain)
            if ease < PLAIN_MIN_EASE:
                problems.append(f"{q.id}: plain wording scores {ease:.0f} for reading ease "
                                f"(needs {PLAIN_MIN_EASE:.0f})")
            if words(q.plain) > PLAIN_MAX_WORDS:
                problems.append(f"{q.id}: plain wording has {words(q.plain)} words (at most {PLAIN_MAX_WORDS})")
            easy_ease = textstat.flesch_reading_ease(q.easy_read)
            if easy_ease < EASY_MIN_EASE:
                problems.append(f"{q.id}: easy read scores {easy_ease:.0f} for reading ease "
                                f"(needs {EASY_MIN_EASE:.0f})")
        parts = sentences(q.easy_read)
        if len(parts) > EASY_MAX_SENTENCES:
            problems.append(f"{q.id}: easy read has {len(parts)} sentences (at most {EASY_MAX_SENTENCES})")
        for part in parts:
            if words(part) > EASY_MAX_SENTENCE_WORDS:
                problems.append(f"{q.id}: easy-read sentence '{part}' has {words(part)} words "
                                f"(at most {EASY_MAX_SENTENCE_WORDS})")
    return problems
