"""Safeguarding: does a reply suggest the person may be unsafe?

It errs towards raising a concern: a false alarm costs a safeguarding lead a minute; a missed one can cost
a child. Two kinds of data, in each language's word list, say what worries us:
- `concern` (and `concern_in_writing`): regular expressions for phrases ("hits me", "scared to go home"), minus the
  everyday look-alikes in `not_concern`;
- `concern_words`: signs found as whole words, so that a disclosure worded as nobody wrote it down is still
  caught: a phrase from `alone` ("bruises", "grooming"), or phrases from two different groups of which at least one
  is more than a setting (a person, home, online, pictures): "mum gets angry and grabs my neck" (harm, person),
  "a man on snapchat said dont tell my mum" (person, online, secret), "there's never food in the fridge" (neglect
  alone is one group: it needs a second, or a phrase in `alone`).
  Two groups say how to read the others: `requests` ("asking", "wants", "send") counts only beside pictures, as a
  request for them ("keeps asking me to send pics"); `play` (games, sport, jokes, films, parties) marks a reply
  about playing, which then needs two groups beyond settings ("fortnite, i kill everyone lol" is not a concern;
  "a man on fortnite keeps asking for pics and says its our secret" still is). Neither touches the patterns.
A reply is checked against every language's data, not only the session's: a child answering an English survey may
write about home in Polish or Urdu.
"""

from __future__ import annotations

from bot.understanding.lexicon import Lexicon
from bot.understanding.normalise import tokens

SETTINGS = frozenset({"person", "home", "online", "images"})  # groups that describe where or who, not what happened
REQUESTS, IMAGES, ASKED_FOR_IMAGES, PLAY = "requests", "images", "asked_for_images", "play"


def suggests_concern(folded: str, lex: Lexicon) -> bool:
    """Whether normalised text (`bot.understanding.normalise`) matches one of this language's concern patterns
    once the phrases that only look like one are taken out, or holds its concern words (see the module)."""
    if lex.any_not_concern is not None:
        folded = lex.any_not_concern.sub(" ", folded)
    return bool(lex.any_concern and lex.any_concern.search(folded)) or signs_of_concern(tokens(folded), lex)


def signs_of_concern(words: tuple[str, ...], lex: Lexicon) -> bool:
    longest, starts = lex.longest_concern_word, lex.concern_word_starts
    found = (words[i:i + n] for i in range(len(words)) if words[i] in starts for n in range(1, longest + 1)
             if i + n <= len(words))
    groups = {lex.concern_words[phrase] for phrase in found if phrase in lex.concern_words}
    if "alone" in groups:
        return True
    if REQUESTS in groups:
        groups.discard(REQUESTS)
        if IMAGES in groups:
            groups.add(ASKED_FOR_IMAGES)
    if PLAY in groups:
        groups.discard(PLAY)
        return len(groups - SETTINGS) >= 2
    return len(groups) >= 2 and bool(groups - SETTINGS)
