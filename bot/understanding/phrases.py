"""The phrases of a reply and the one point on the scale they give: the pieces a reply is found to hold (a point,
a position, a control, a negation, an intensifier, a plain word, a mark), negation and intensity applied to the
phrase they govern, numbers told from counts, and the rules for a reply whose phrases disagree (rule 8 of
bot/understanding/coder.py)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.understanding.lexicon import Lexicon, load_lexicon, longest_first
from bot.understanding.normalise import is_punctuation
from bot.vocabulary import Control

SWITCHED_TO = "en"  # the language bilingual families mix into a reply (rules 5 and 9)
SCALE_POINTS = 5  # every scale question's choices are 1 to 5 (bot/surveys/_scales.yml)
TURNED = {4: 2, 5: 3}  # a negated point; any other could mean several
PUSHED = {4: 5, 2: 1}  # an intensified point; 1, 3 and 5 stay where they are
SENTENCE = 6  # pieces: in a reply this long, a number between two plain words is a count, not an answer
UNSURE = -1  # a point that could mean several things: the reply is unclear
NEAR = 3  # pieces: a bare yes or no leading a reply this near an exact phrase agrees with it


@dataclass(frozen=True)
class Piece:
    """A phrase found in a reply: its category (scale, position, control, skip, dont_know, negate, negate_after,
    intensify, word, mark) and what it says (a point, a position, a control)."""
    category: str
    detail: object
    words: tuple[str, ...]


def pieces(words: tuple[str, ...], lex: Lexicon) -> list[Piece]:
    """The reply as phrases, longest first; a phrase that is also a modifier ("totally") is kept as a phrase here
    and read as a modifier only where a scale phrase follows it."""
    modifiers = lex.modifiers
    longest = max(lex.longest_phrase, max(map(len, modifiers), default=0))

    english = load_lexicon(SWITCHED_TO) if lex.lang != SWITCHED_TO else None

    def find(phrase: tuple[str, ...]) -> tuple[str, object] | None:
        if len(phrase) == 1 and is_punctuation(phrase[0]):
            return None  # "?" asks for help only as a whole reply; "3?" is a 3
        found = lex.phrases.get(phrase) or ((modifiers[phrase], None) if phrase in modifiers else None)
        if found is None and english and not any(w in lex.known for w in phrase):
            # an English scale phrase inside a reply in another language ("mostly так", "mostly haan")
            found = english.phrases.get(phrase)
            if found is None and phrase in english.modifiers:
                return english.modifiers[phrase], None  # "strongly agree, woh hamesha poochte hain"
            return found if found and found[0] == "scale" else None
        return found

    found = []
    for hit, phrase in longest_first(words, find, longest):
        if hit is None:
            found.append(Piece("mark" if is_punctuation(phrase[0]) else "word", None, phrase))
        else:
            found.append(Piece(str(hit[0]), hit[1], phrase))
    return found


def _can(piece: Piece, modifier: str, lex: Lexicon) -> bool:
    return piece.category == modifier or lex.modifiers.get(piece.words) == modifier


def points(found: list[Piece], lex: Lexicon, choices: int = SCALE_POINTS) -> list[tuple[int, Piece]]:
    """The scale points the phrases give, negation and intensity applied, positions resolved (rules 6 and 8):
    (point, the phrase that gave it), UNSURE for a point that could mean several."""
    return [(value, piece) for value, piece, _ in located_points(found, lex, choices)]


def located_points(found: list[Piece], lex: Lexicon, choices: int = SCALE_POINTS) -> list[tuple[int, Piece, int]]:
    """`points`, each with where in `found` the phrase that gave it ends."""
    said: list[tuple[int, Piece, int]] = []
    i = 0
    said_at = -1  # where the phrase that gave the last point ends
    while i < len(found):
        piece = found[i]
        if piece.category == "position":
            where = {"first": 1, "second": 2, "third": 3, "fourth": 4, "middle": (choices + 1) // 2, "last": choices,
                     "second_last": choices - 1}
            said.append((where[str(piece.detail)], piece, i))
            said_at = i
            i += 1
            continue
        turned = pushed = False
        j = i
        if _can(piece, "intensify", lex) and _ends_at(found, i + 2) and i + 1 < len(found) and _can(
                found[i + 1], "negate", lex):
            said.append((1, Piece("scale", 1, piece.words + found[i + 1].words), i + 1))  # "absolutely not"
            said_at = i + 1
            i += 2
            continue
        strong = _can(piece, "intensify", lex) and i + 1 < len(found) and _can(found[i + 1], "negate", lex)
        if strong:  # "zdecydowanie nie zgadzam się", "sigur nu sunt de acord": the turned phrase, pushed
            i, piece = i + 1, found[i + 1]
        if _can(piece, "negate", lex):
            # scope: the next scale phrase, past intensifiers and at most one other word, never past a comma
            j, skipped = i + 1, 0
            while j < len(found) and found[j].category != "scale" and found[j].category != "mark" and (
                    _can(found[j], "intensify", lex) or (found[j].category == "word" and skipped < 1)):
                skipped += found[j].category == "word"
                j += 1
            # a phrase that says "not" itself is not turned again: Arabic "لا مش كتير" is "no, not much"
            turned = j < len(found) and found[j].category == "scale" and not _says_not(found[j], lex)
            # set off from the answer before it by a mark or a contrast: "happy at mums, not at dads", "вдома так,
            # а тут ніхто нас не знає"
            after_contrast = said and any(p.category == "mark" or p.words in lex.contrasts
                                          for p in found[said_at + 1:i])
            if not turned and said and after_contrast:
                # "yes for my body but not for my feelings", "happy at mums, not at dads": an answer, then not
                said.append((UNSURE, piece, i))
                said_at = i
        elif _can(piece, "intensify", lex) and i + 1 < len(found) and found[i + 1].category == "scale":
            j, pushed = i + 1, True
        if not turned and not pushed:
            j = i
        target = found[j]
        if target.category != "scale":
            i += 1
            continue
        value = int(str(target.detail))
        # a phrase that says "not" already keeps a "not" after it as its own ("না খুব একটা না": no, not much)
        negated_after = j + 1 < len(found) and _can(found[j + 1], "negate_after", lex) and not _says_not(target, lex)
        turned = (turned or negated_after) and target.words not in lex.yes_no  # "haan nahi" is a yes and a no
        # an intensifier inside a phrase a negator after it governs stays there: Bengali "khub beshi na" is "not
        # very much"
        pushed = pushed and not (target.words[-1:] in lex.negators_after or negated_after)
        after = j + 1 + (turned and negated_after)
        if after < len(found) and found[after].words in lex.intensifiers_after:
            # "disagree strongly", Welsh "hapus iawn"; a turned phrase takes it in unchanged ("ddim yn drist iawn")
            pushed, after = not turned, after + 1
        if turned:
            value = TURNED.get(value, UNSURE)
            value = PUSHED.get(value, value) if strong and value != UNSURE else value
        elif pushed:
            value = PUSHED.get(value, value)
        said_at = after - 1
        said.append((value, target if not (turned or pushed) else Piece("scale", value, piece.words + target.words),
                     said_at))
        i = after
    return said


def _says_not(piece: Piece, lex: Lexicon) -> bool:
    """Whether a scale phrase holds a negator of its own ("not much", "مش كتير", "খুব একটা না")."""
    return any(piece.words[k:k + len(n)] == n for n in lex.negators for k in range(len(piece.words)))


def holds_answer(found: list[Piece]) -> bool:
    """Whether phrases hold a scale answer or a position."""
    return any(p.category in ("scale", "position") for p in found)


def is_number(piece: Piece, lex: Lexicon) -> bool:
    """Whether a piece is a number, in digits or in words."""
    return piece.category == "word" and (piece.words[0].isdecimal() or piece.words[0] in lex.numbers)


def _ends_at(found: list[Piece], k: int) -> bool:
    """Whether nothing but marks follows piece `k`."""
    return all(p.category == "mark" for p in found[k:])


def _numbers(found: list[Piece], words: tuple[str, ...], lex: Lexicon) -> list[int]:
    """The numbers a reply gives as answers: not the "one" of "this one", "the blue one" or "the happy one", nor a
    count inside a sentence ("we've had 4 different key workers")."""
    numbers = []
    # a count needs a sentence, and only one number in it ("4 or 5 depending on the day" gives two answers)
    sentence = sum(p.category != "mark" for p in found) >= SENTENCE and sum(is_number(p, lex) for p in found) == 1
    for k, piece in enumerate(found):
        if piece.category != "word":
            continue
        word = piece.words[0]
        count = sentence and _plain(found, k - 1, lex) and _plain(found, k + 1, lex)
        if word.isdecimal():
            if _in_ratio(found, k):
                continue  # "his 1:1", "at 3:30": a ratio or a time, not a point
            if not count:
                numbers.append(int(word))
        elif word in lex.numbers and not count and not (
                word in lex.pronoun_one and k > 0 and found[k - 1].category != "mark"):
            numbers.append(lex.numbers[word])  # "yes i have three best friends": three is a count
    pronouns = sum(1 for i in range(len(words) - 1) if words[i:i + 2] in lex.not_numbers)
    for _ in range(min(pronouns, numbers.count(1))):  # drop the "one" of "this one"
        numbers.remove(1)
    return numbers


def _in_ratio(found: list[Piece], k: int) -> bool:
    """Whether the number at `k` is joined to another by a colon ("1:1", "3:30")."""
    def number(i: int) -> bool:
        return 0 <= i < len(found) and found[i].words[0].isdecimal()

    def colon(i: int) -> bool:
        return 0 <= i < len(found) and found[i].words == (":",)
    return (colon(k + 1) and number(k + 2)) or (colon(k - 1) and number(k - 2))


def _plain(found: list[Piece], k: int, lex: Lexicon) -> bool:
    """Whether piece `k` is a word in no phrase, and not a number."""
    return 0 <= k < len(found) and found[k].category == "word" and not found[k].words[0].isdecimal() and (
        found[k].words[0] not in lex.numbers)


def scale_value(face_values: list[int], found: list[Piece], words: tuple[str, ...], lex: Lexicon,
                first_answer: int | None) -> int | None:
    """The one point on the scale a reply gives, UNSURE for a reply that gives several that disagree, None for
    none; `first_answer` is the answer said first and explained by the rest (`answer_said_first`), if there is
    one."""
    if first_answer is not None:
        # the answer said first is the answer; the rest explains it, with its own words and counts ("No. SAD. WANT
        # DIE", "na. ami majhe majhe nijeke kete feli", "No never. Three years on the waiting list")
        return first_answer
    numbers = _numbers(found, words, lex)
    said = located_points(found, lex)
    exact = [_opposed(v, piece, at, found, lex) for v, piece, at in said if piece.words not in lex.yes_no]
    exact += face_values
    exact += [lex.symbols[p.words[0]] for p in found if p.category == "word" and p.words[0] in lex.symbols]
    # a no that is also "not", inside a sentence and before its verb, negates the verb: "pot sa ma imbrac singur dar
    # nu pot lega sireturile" gives no answer of 1
    bare = [(v, at) for v, piece, at in said if piece.words in lex.yes_no and not (
        at > 0 and piece.words in lex.negators_before and _plain(found, at + 1, lex))]
    # "not scared", "dar nahi lagta", "nie boję się": the opposite of what is asked, negated, is a 4, and its "not"
    # no answer of its own
    negations = _negated_opposites(found, lex)
    bare = [(v, at) for v, at in bare if at not in negations]
    exact += [NOT_OPPOSITE] * bool(negations)
    ends = [at for _, piece, at in said if piece.words not in lex.yes_no]
    # a bare yes or no only agrees with exact words or numbers near it: "not really, no", "a bit, yeah", "yes 4";
    # one that leads the reply, far from them, is an answer of its own ("no i want to die sometimes": two answers),
    # while deep in a sentence it is a negation ("... lekin ammi kehti hain ye nahi pehno")
    near = all(any(abs(at - end) <= NEAR for end in ends) for _, at in bare if at == 0) or not ends
    if not (exact or numbers) or not near or any(abs(e - b) > 2 for e in exact + numbers for b, _ in bare):
        exact += [b for b, _ in bare]
    values = numbers + exact
    if not values:
        return None
    distinct = set(values)
    return distinct.pop() if len(distinct) == 1 else UNSURE


NOT_OPPOSITE = 4  # "not scared": not the opposite of safe, not yet "always safe"


def _negated_opposites(found: list[Piece], lex: Lexicon) -> set[int]:
    """Where a negator turns an opposite round: the piece before it ("not scared", "nie boję się") or after it
    ("dar nahi lagta")."""
    if not lex.opposites:
        return set()
    negators = set()
    for k, piece in enumerate(found):
        if any(piece.words[:len(o)] == o or (piece.words == o[:1] and _continues(found, k, o)) for o in lex.opposites):
            if k > 0 and found[k - 1].words in lex.negators_before:
                negators.add(k - 1)
            end = k + next((len(o) for o in lex.opposites if piece.words == o[:1] and _continues(found, k, o)), 1)
            if end < len(found) and found[end].words in lex.negators_after:
                negators.add(end)
    return negators


def _continues(found: list[Piece], k: int, phrase: tuple[str, ...]) -> bool:
    """Whether the pieces from `k` spell `phrase` one word each ("boję" "się")."""
    return all(k + i < len(found) and found[k + i].words == (w,) for i, w in enumerate(phrase))


def _opposed(value: int, piece: Piece, at: int, found: list[Piece], lex: Lexicon) -> int:
    """A frequency said of the opposite of what the question asks about, turned round: "i never feel unsafe
    there" is 5, "always scared" 1 (every scale question asks about something good: feeling safe, being heard)."""
    if not lex.opposites or piece.words in lex.feelings or value == UNSURE:
        return value
    start, end = at, at
    while start > 0 and at - start < NEAR and found[start - 1].category != "mark":
        start -= 1
    while end + 1 < len(found) and end - at < NEAR and found[end + 1].category != "mark":
        end += 1
    near = tuple(w for p in found[start:end + 1] if p is not piece for w in p.words)
    if any(near[k:k + len(o)] == o for o in lex.opposites for k in range(len(near))):
        return SCALE_POINTS + 1 - value
    return value


def turns_an_opposite(found: list[Piece], lex: Lexicon) -> bool:
    """Whether a frequency in the reply is said of an opposite, and so turned round (`_opposed`)."""
    return any(_opposed(value, piece, at, found, lex) != value for value, piece, at in located_points(found, lex)
               if piece.words not in lex.yes_no)


def clause_end(found: list[Piece]) -> int:
    """Where the first clause ends: the first punctuation mark (0 if there is none)."""
    return next((i for i, p in enumerate(found) if p.category == "mark"), 0)


EXPLAINING = (Control.HELP, Control.LANGUAGE)  # controls that, after an answer, are part of why ("I don't understand")
PAUSES = (",", "،", "、", ";")  # marks inside a sentence: what follows one goes on with it
ANSWER_CLAUSE = ("scale", "position", "negate", "negate_after", "intensify")  # what an answer said first may hold


EXPLANATION = 4  # pieces: what follows an answer that leads the reply, unpunctuated, and is a sentence of its own


def _answer_leading(found: list[Piece], lex: Lexicon) -> int | None:
    """The answer a reply starts with when no punctuation sets it off, and a sentence follows that starts with a
    plain word and is not a contrast ("no the year 10s wait for me by the gate and punch me", "nah my mum does
    everything for me at home"): texting and speech-to-text leave the full stop out."""
    m = next((i for i, p in enumerate(found) if p.category not in ANSWER_CLAUSE), len(found))
    rest = [p for p in found[m:] if p.category != "mark"]
    if not m or found[m - 1].category not in ("scale", "position") or len(rest) < EXPLANATION:
        return None
    if found[m].words in lex.contrasts:
        # "sometimes but i cant tell anyone about the man who sends me rude pics": the exception it allows
        said = _single_point(points(found[:m], lex))
        return said if said is not None and _allows_exception(said, rest[1:], lex) else None
    if found[m].category != "word" or found[m].words[0].isdecimal():
        return None
    tail = found[m:]
    if any(p.category == "mark" for p in tail[:EXPLANATION]):
        return None  # punctuated near the answer: the writer said where the answer ends ("نہیں لگتا، ...")
    said = _single_point(points(found[:m], lex))
    compared = len({v for v, _ in points(rest, lex)}) > 1  # "yes mum always helps dad never": the rest compares
    if said is not None and found[m].words[0] in lex.subjects and not compared and not any(
            p.words in lex.contrasts or p.words in lex.yes_no for p in rest):  # "no my dad yes my mum": two
        # the answer leads a sentence of its own, whose scale words are about something else ("not often i forget
        # appointments all the time", "no i want to die sometimes"); a bare yes or no takes the point the sentence
        # ends on, if it is the next one along ("yeah i enjoy it mostly" is 4)
        unpunctuated = not any(p.category == "mark" for p in tail)
        ends = points(rest[-1:], lex) if found[m - 1].words in lex.yes_no and m == 1 and unpunctuated else []
        return ends[0][0] if ends and abs(ends[0][0] - said) == 1 else said
    if any(p.category == "scale" and p.words not in lex.feelings or p.words in lex.contrasts for p in rest) or any(
            a.category == "mark" and b.category in ANSWER_CLAUSE for a, b in zip(tail, tail[1:], strict=False)):
        # more answers: "ydw yn yr ysgol, nac ydw adre", "yes for my body but not for my feelings", "sometimes at
        # school always at home"
        return None
    return said


def _single_point(said: list[tuple[int, Piece]]) -> int | None:
    """The point phrases give if they give one, and it is not UNSURE."""
    values = {value for value, _ in said}
    return values.pop() if len(values) == 1 and UNSURE not in values else None


def answer_said_first(found: list[Piece], lex: Lexicon) -> int | None:
    """The answer said first and set off by punctuation, which the rest then explains ("No. Dad hits me every day",
    "mostly. its loud sometimes", "Yes always, his 1:1 is fantastic"): the first clause is answer words alone and
    gives one point, and the rest is a sentence of its own, not more answers ("yes, no") nor a contrast ("mostly,
    but not in PE"). None when the reply is not said so."""
    k = clause_end(found)
    rest = [p for p in found[k + 1:] if p.category != "mark"]
    if not k or not rest or any(p.category not in ANSWER_CLAUSE for p in found[:k]):
        return _answer_leading(found, lex)
    if not any(p.category == "word" and not p.words[0].isdecimal() for p in rest):
        return None  # "3... no, 4" is no sentence
    said = _one_point(points(found[:k], lex), lex)
    if said is None:
        return None
    if rest[0].words in lex.contrasts:
        return said if _allows_exception(said, rest[1:], lex) else None
    if found[k].words[0] in PAUSES and all(p.words in lex.yes_no for p in found[:k]):
        leads = found[k + 1].category in ("scale", "negate", "intensify")
        then = points(found[k + 1:], lex) if leads else []
        if then and abs(then[0][0] - said) == 1:
            # a bare yes or no, a comma, and how much, which the rest may explain in turn: "ji, mostly, he is doing
            # well", "Так, переважно. Іноді треба нагадувати." (unless the rest turns on a contrast)
            after = clause_end(found[k + 1:])
            more = [p for p in found[k + 2 + after:] if p.category != "mark"] if after else []
            return None if not more or more[0].words in lex.contrasts else then[0][0]
    return said


def _allows_exception(said: int, contrast: list[Piece], lex: Lexicon) -> bool:
    """Whether an answer said first stands beside the contrast that follows it, as the exception it allows: a
    middle point allows any ("Most of the time, although at big meetings I sometimes feel talked over" is 4,
    "mostly, but not in PE" 4), an end point all but one that turns at once to another answer ("yes, but not at
    home", "yes, but only sometimes", "no, but sometimes"); a feeling there is the exception's own ("da, deși sunt
    tristă că a murit hamsterul" is 5), as is an answer deep in it ("yes, but my brother always beats me at FIFA")."""
    if said not in (1, SCALE_POINTS):
        return True
    return not any(p.category in ("negate", "negate_after", "intensify", "position") or (
        p.category == "scale" and p.words not in lex.feelings) for p in contrast[:NEAR])


def _one_point(said: list[tuple[int, Piece]], lex: Lexicon) -> int | None:
    """The one point a clause of answer words gives: a bare yes or no beside an exact phrase a point from it agrees
    with it ("Mostly yes", "no not really"); None if it gives none or several."""
    exact = [(value, piece) for value, piece in said if piece.words not in lex.yes_no]
    bare = {value for value, piece in said if piece.words in lex.yes_no}
    if exact and all(abs(e - b) <= 1 for e, _ in exact for b in bare):
        said = exact
    return _single_point(said)
