"""The answer coder: turns the words of a reply into a code, against the question it answers.

It works on a reply already read (`bot.understanding.reading.Reading`, which normalises it once); `reading.code_reply`
and its kin read a text first, for `sayit code` and the tests.
A reply is only ever coded against the question it answers (the caller passes that question's kind), never
against a question asked later.

The rules, in order; every word they use is data, in each language's word list:
1. The reply is normalised and split into words (`normalise`); typed faces (":)") are taken out first.
2. A correction keeps the last thing said: an answer thought again after trailing off ("nie zawsze... raczej nie",
   "5 albo... nie, 4") is the last one, where what follows the "..." starts with answer words, not a sentence
   ("no... he hits me" is 1), but not one thought again and again ("tak... nie... tak"), and an answer after a
   "so" is the conclusion ("once or twice so a bit" is 3); in
   "5 no wait 4", "4 no 5" or "wait, go back" only what follows the last
   correction word (or a bare no straight after an answer) is coded ("wait" on its own is still pause); only near
   the start or at the start of a clause, since deep in a sentence a correction word is an ordinary word
   ("tablets to make it stop", "but the OT wait is months"), and only if an answer, a number or a steer follows it
   ("no the year 10s wait for me by the gate" has none), and only after an answer or at a clause's start ("not
   often i had to wait till ..." corrects nothing); a bare no takes back the answer before it only when another
   answer follows ("sometimes, no, never"; "none. No club will have her" is a 1); a bare no straight after the
   correction word is part
   of it ("3... actually no, 4" is 4), and noes between two numbers take back the first ("4 nahi nahi 2"), as a
   no before a position takes back the answer before it ("the last one no the middle one": a position is never
   turned round).
3. Fillers ("um", "I think") are dropped and numbers said in several words are joined ("twenty one" is 21).
4. Two words typed apart are joined where together they are a word the lists hold ("sum times"), and a word
   written for one that sounds the same is read as that one ("knot really"; "know" said first, "know im scared").
   A word the lists do not hold is read without its doubled letters if that makes a word they hold ("yeahh"), or
   else corrected to the one word it is nearest, by edit distance (rapidfuzz's OSA, so
   a swapped pair is one edit), if it is long enough, starts with the same letter and is within a distance that
   grows with its length; a word that is as near two words, or near none, is left alone, and a word the lists
   hold is never changed, so one scale word never becomes another, and a word corrected into a control never
   steers a reply whose words as typed give an answer ("często mnie słuchają" is 4, not "słucham?", pardon).
5. Phrases are found longest first: scale words of every family (yes / no, frequency, quantity, agreement, faces),
   positions ("the last one"), controls, skip, don't know; in another language's session, English scale words too,
   where the session's language does not hold their words ("mostly так").
6. A hedge beside a bare yes or no softens it ("I think yes" is 4, "chyba nie" 2), and a hedge turned round with
   nothing else is a soft no ("maybe not", "na mone hoy na", "لا أظن": 2). A negator takes scope over
   the scale phrase it governs ("not a lot" is 2, "nie często" 2, Bengali "ভালো না" after it):
   a turned 4 is 2, a turned 5 is 3 (a phrase that says "not" already keeps a "not" after it as its own:
   "না খুব একটা না"), and a turned 1, 2 or 3 ("not bad") could mean several
   things, so it is unclear. Every scale question asks about something good (feeling safe, being heard), so a
   frequency said of its opposite is turned round ("i never feel unsafe there" is 5, "always scared" 1, and the
   learnt model's second opinion is not asked), and the opposite negated is a 4 ("not scared", "dar nahi lagta");
   the opposites are data ("worried" is not one: "If you feel worried, is there someone you trust?"). An
   intensifier pushes the phrase beside it out to its end ("strongly agree" 5,
   "very sad" 1, "disagree strongly" 1); one followed only by a negator is a no ("absolutely not"). "one" after
   another word is a pronoun ("the happy one", "the blue one"), and in a sentence a number between two words that
   are in no phrase is a count, not an answer ("we've had 4 different key workers").
7. A control said first and set off by punctuation steers ("stop. my dad is shouting"), as does one that ends a
   short open answer ("that's enough now, stop please") or that a short one holds and does not go on past ("i want
   to stop now", not "i want to stop being bullied"), and so does a skip or a
   don't-know whose explanation gives no point ("nie wiem... nikomu nie mówię"), a control in that explanation
   being part of why ("methu cofio, roedd hynny dair blynedd yn ôl": "yn ôl" is "ago"); a question with no
   answer in it asks for help ("what's an EHCP?"). One word of a pause, a repeat or a back beside an answer is a
   word of it ("sometimes at break"; a stop is always heard). Help or a language said beside an answer is said
   about it, not asked for
   ("help me sometimes", "very little of it in Bangla", "yes in English, no in PE").
8. The phrases are resolved against the question's own choices: a position by where it is among them (first,
   second, third, fourth, middle, last, second from last), a number
   only if it is one of them. A bare yes or no beside an exact phrase near it agrees with it ("not really, no" is
   2), and an answer said first and set off by punctuation is the answer the rest explains, whatever scale words,
   numbers or controls the explanation holds ("No. Dad hits me every day", "NO. SAD. WANT DIE", "Never. We've had
   four caseworkers", "no. ... i dont want to go back tonight", "ні. я не хочу більше жити": a control the sentence
   goes on past is part of it); an answer that leads an unpunctuated sentence of its own is the answer too ("no the
   boys kick me and film it"), unless that sentence holds a yes or no, a contrast or ends on a scale word; unless
   the rest is more answers, turns an end point straight round with a contrast ("yes, but not at home"; a middle
   point allows the exception a contrast gives: "mostly, but not in PE" is 4, "Yes, but the exam killed me" 5), or
   is a bare yes or no, a comma and the words that say how much ("yes, mostly, she likes it" is 4); a hedged yes or
   no said first is softened whatever follows ("mone hoy ha, ektu bhoy o lage" is 4); an answer split in two short
   parts, each led by a word such as "some" or "kabhi" ("some good some bad", "kabhi haan kabhi nahi", "uneori da,
   alteori nu"), is the middle point; otherwise any two points that disagree ("3 or 4", "yes at school, no at
   home") are unclear, never a guess.
9. A reply the session's language cannot code may be in another supported language: bilingual families switch
   between their language and English, so a short reply whose words the session's language does not hold is read
   in English (or, in an English session, in the others), and in any language written in another script ("tak"
   is not read in Welsh, nor "بلی", an Urdu cat, in Arabic). If every language that reads it agrees it is coded
   so; where two give it two meanings it stays unclear.
10. A reply that is unclear only because of a word one edit too far from a known one, or that is only a word the
   lists say most likely means a point ("ok"), carries a `guess`: the conversation may ask "Did you mean ...?", and
   stores nothing until the person says yes.
"""

from __future__ import annotations

import itertools
import re

from bot.understanding.coding import Coding
from bot.understanding.corrections import SHORT_REQUEST, after_last_correction, is_no
from bot.understanding.lexicon import Lexicon, load_lexicon, longest_first, strip_fillers
from bot.understanding.normalise import is_punctuation
from bot.understanding.other_languages import in_other_languages
from bot.understanding.phrases import (
    EXPLAINING,
    SCALE_POINTS,
    SWITCHED_TO,
    UNSURE,
    Piece,
    answer_said_first,
    clause_end,
    holds_answer,
    is_number,
    pieces,
    points,
    scale_value,
)
from bot.understanding.spelling import corrected
from bot.vocabulary import Coded, Control, Kind

OUT_OF_FIVE = re.compile(r"(\d+)\s*(?:/|out\s+of)\s*(?:5|five)\b")
OUT_OF_TEN = re.compile(r"\b(\d+)\s*(?:/|out\s+of)\s*(?:10|ten)\b")
NEGATIVE_NUMBER = re.compile(r"(?:^|\s)-\d")  # "-2"; "no - 2 year wait" is a dash
QUESTION_MARKS = ("?", "؟")
ANSWERS = ("scale", "position", "guess")  # the phrase categories that answer; the others steer
STEERS = ("control", "skip", "dont_know")
MASHED = re.compile(r"[b-df-hj-np-tvxz]{4,}")  # "hhjj", "jdjdjskk": Latin letters without a vowel, keys mashed
SPLIT_WITHIN, SPLIT_PART = 12, 5  # words: a split answer opens a reply, and each of its parts is this short
MIDDLE = 3  # the point a split answer gives: "some yes, some no"
EXPLAINED = 3  # pieces: a sentence this long after a don't-know said first says why, and asks for nothing


def out_of(text: str) -> str:
    """Marks out of five as the point ("4/5" is 4), and out of ten as half of them ("8/10" is 4; an odd mark out of
    ten falls between two points, and is left to be unclear)."""
    text = OUT_OF_TEN.sub(lambda m: str(int(m[1]) // 2) if int(m[1]) % 2 == 0 and len(m[1]) < 3 else m[0], text)
    return OUT_OF_FIVE.sub(r"\1", text)


def take_typed_faces(text: str, lex: Lexicon) -> tuple[str, list[int]]:
    """Pull typed faces such as ':)' out of the raw text (before lower-casing turns ':D' into ':d')."""
    values = []
    for mark in sorted((m for m in lex.symbols if not _is_emoji(m)), key=len, reverse=True):
        while mark in text:
            values.append(lex.symbols[mark])
            text = text.replace(mark, " ", 1)
    return text, values


def _is_emoji(mark: str) -> bool:
    return len(mark) == 1 and not mark.isascii()


def strip_fillers_and_join_numbers(words: tuple[str, ...], lex: Lexicon) -> tuple[str, ...]:
    """Fillers out, and numbers said in several words turned into digits ("dau ddeg un" is 21)."""
    words = strip_fillers(words, lex.fillers)
    if lex.number_phrase_starts.isdisjoint(words):
        return words
    longest = max(len(p) for p in lex.number_phrases)
    return tuple(str(number) if number is not None else phrase[0]
                 for number, phrase in longest_first(words, lex.number_phrases.get, longest, shortest=2))


def _steer(category: str, detail: object) -> Coding:
    if category == "control":
        return Coding(Coded.CONTROL, control=str(detail))
    return Coding(Coded.SKIPPED if category == "skip" else Coded.DONT_KNOW)


def code_words(norm: str, words: tuple[str, ...], face_values: list[int], lex: Lexicon, kind: str) -> Coding:
    """Code a reply's words (normalised, typed faces taken out as `face_values`) to a question of `kind`, in the
    session's language and, if that cannot, in another (rule 9)."""
    coding = code_in(norm, words, face_values, lex, kind)
    if (coding.status == Coded.UNCLEAR and coding.guess is None) or (
            kind == Kind.FREE_TEXT and coding.status == Coded.ANSWERED):
        other = in_other_languages(norm, words, face_values, lex, kind, code_in)
        if other is not None:
            return other
    return coding


def code_in(norm: str, words: tuple[str, ...], face_values: list[int], lex: Lexicon, kind: str) -> Coding:
    """Code a reply in one language's words (rules 2 to 8, and 10)."""
    if kind == Kind.SCALE and NEGATIVE_NUMBER.search(norm):
        return Coding(Coded.UNCLEAR)
    whole = strip_fillers_and_join_numbers(words, lex)
    if not whole and not face_values:
        return Coding(Coded.UNCLEAR)
    unmarked = tuple(w for w in whole if not is_punctuation(w)) or whole  # "ga i orffen fory?"
    steer = lex.phrases.get(whole) or lex.phrases.get(unmarked) or lex.phrases.get(corrected(unmarked, lex))
    if steer and steer[0] not in ANSWERS:
        return _steer(*steer)  # the reply as a whole is a control, a skip or a don't-know ("sorry what")
    if kind == Kind.FREE_TEXT:
        return _free_text(whole, lex)
    hedged = _hedged(words, lex)
    if hedged is not None:
        return Coding(Coded.ANSWERED, value=hedged)
    # a reply that is one phrase as a whole ("ні згоден ні не згоден") holds no correction
    said = whole if steer else strip_fillers_and_join_numbers(after_last_correction(words, lex), lex)
    fixed = corrected(said, lex)
    coding = _code_scale(fixed, face_values, lex)
    if coding.status == Coded.CONTROL and fixed != said and (
            as_typed := _code_scale(said, face_values, lex)).status == Coded.ANSWERED:
        return as_typed  # a word corrected into a control where the words as typed answer: "zawsze mnie słuchają"
    if coding.status == Coded.UNCLEAR:
        nearer = _code_scale(corrected(said, lex, extra=1), face_values, lex)
        if nearer.status == Coded.ANSWERED:
            return Coding(Coded.UNCLEAR, guess=nearer.value)
    return coding


def _split(words: tuple[str, ...], lex: Lexicon) -> bool:
    """Whether the reply opens by splitting its answer in two parts, each led by a word such as "some" or "kabhi"
    ("some good some bad", "kichu manush bujhe, kichu manush bujhe na"), and the parts differ ("kabhi nahi, kabhi
    nahi" is never, said twice)."""
    spoken = [w for w in words if not is_punctuation(w)][:SPLIT_WITHIN]
    at = [i for i, w in enumerate(spoken) if w in lex.splits]
    ends = [*at[2:], len(spoken)]
    return any(2 <= j - i <= SPLIT_PART + 1 and spoken[i + 1:j] != spoken[j + 1:min(end, j + 1 + SPLIT_PART)]
               for i, j, end in zip(at, at[1:], ends, strict=False))


def _steer_said_first(found: list[Piece], lex: Lexicon) -> bool:
    """Whether a skip or a don't-know is said first and set off by punctuation, and what follows gives no point but
    a bare yes or no: the rest says why ("Не знаю. Останнім часом вона боїться тренера")."""
    if len(found) < 3 or found[0].category not in ("skip", "dont_know") or found[1].category != "mark":
        return False
    rest = found[2:]
    if any(is_number(p, lex) for p in rest):
        return False
    return all(piece.words in lex.yes_no for _, piece in points(rest, lex))


def _hedged(words: tuple[str, ...], lex: Lexicon) -> int | None:
    """A bare yes or no beside a hedge ("I think yes", "chyba tak", "mone hoy na"): a yes is 4, a no 2."""
    english = load_lexicon(SWITCHED_TO)  # "i think yes، خالتو": English hedges and yes/no in any session
    hedges = lex.hedges | english.hedges
    clause = tuple(itertools.takewhile(lambda w: not is_punctuation(w), words))
    rest = tuple(w for w in words[len(clause):] if not is_punctuation(w))
    if rest and not any(rest[:len(c)] == c for c in lex.contrasts):
        words = clause  # the hedged yes said first, the rest saying why: "mone hoy ha, ektu bhoy o lage"
    unmarked = tuple(w for w in words if not is_punctuation(w))
    unhedged = strip_fillers(unmarked, hedges)
    bare = strip_fillers(unhedged, lex.fillers)
    if unhedged != unmarked and bare and all(is_no(w, lex) or (w,) in lex.negators_before
                                             or (w,) in lex.negators_after for w in bare):
        return 2  # a hedge turned round, and nothing else: "na mone hoy na", "nie sądzę", "ddim yn meddwl"
    if unhedged == unmarked or (bare not in lex.yes_no and bare not in english.yes_no):
        return None  # no hedge, or more than a yes or no
    point = lex.phrases.get(bare) if bare in lex.yes_no else english.phrases.get(bare)
    return {5: 4, 1: 2}.get(int(str(point[1]))) if point and point[0] == "scale" else None


def _free_text(whole: tuple[str, ...], lex: Lexicon) -> Coding:
    """A sentence is an answer, even one that mentions 'stop' or 'help'; but a short one that holds a steering phrase
    of two words or more ("i want to stop now", "can i change my last answer"), or whose first clause is one
    ("don't know, haven't thought that far ahead"), steers, unless the sentence goes on past the control in words
    of its own ("i want to stop being bullied"); a key held down ("jjjjjjj") is no answer."""
    if all(len(set(w)) == 1 or MASHED.fullmatch(w) for w in whole):
        return Coding(Coded.UNCLEAR)
    clause = tuple(itertools.takewhile(lambda w: not is_punctuation(w), whole))
    if (hit := lex.phrases.get(clause)) and hit[0] not in ANSWERS:
        return _steer(*hit)
    short = sum(not is_punctuation(w) for w in whole) <= SHORT_REQUEST
    last = tuple(itertools.takewhile(lambda w: not is_punctuation(w), reversed(whole)))[::-1]
    if short and last != whole and (hit := lex.phrases.get(last)) and hit[0] not in ANSWERS:
        return _steer(*hit)  # a short reply that ends on a request: "that's enough now, stop please"
    if short:
        found = pieces(whole, lex)
        for k, piece in enumerate(found):
            if piece.category in STEERS and len(piece.words) >= 2 and not (
                    piece.category == "control" and _goes_on(found[k + 1:], lex)):
                return _steer(piece.category, piece.detail)  # but "i want to stop being bullied" is an answer
    return Coding(Coded.ANSWERED)


def _goes_on(rest: list[Piece], lex: Lexicon) -> bool:
    """Whether what follows a control is words of their own, two or more, not the request's ("the survey now")."""
    return sum(p.category == "word" and p.words[0] not in lex.steering_words for p in rest) >= 2


def _code_scale(words: tuple[str, ...], face_values: list[int], lex: Lexicon) -> Coding:
    if not words and not face_values:
        return Coding(Coded.UNCLEAR)
    steer = lex.phrases.get(tuple(w for w in words if not is_punctuation(w)))
    if steer and steer[0] not in ANSWERS:
        return _steer(*steer)
    found = pieces(words, lex)
    short = sum(p.category != "mark" for p in found) <= 3 and len(words) <= 4
    said_first = len(found) > 1 and found[0].category == "control" and found[1].category == "mark"  # "stop. i ..."
    # after an answer said first, the rest explains it: "Rarely. I don't understand English" asks for no help
    first_answer = answer_said_first(found, lex)
    told = found[:clause_end(found)] if first_answer is not None else found
    # a control in a long explanation is part of the story: "No. ... i dont want to go back tonight"
    story = sum(p.category != "mark" for p in found) - len(told) > SHORT_REQUEST
    # help or the language beside an answer is said about it: "HELP SOMETIMES", "khub kom bangla te pai"
    gives_answer = holds_answer(found)
    # after a don't-know or a skip said first, the sentence that follows says why: "methu cofio, roedd hynny dair
    # blynedd yn ôl" (can't remember, that was three years ago) asks to go back to nothing
    why = len(found) > 2 and found[0].category in ("skip", "dont_know") and found[1].category == "mark" and sum(
        p.category != "mark" for p in found[2:]) >= EXPLAINED
    for k, piece in enumerate(found):
        # after an answer said first, a control the sentence goes on past is part of it: "ні. я не хочу більше жити"
        goes_on = k + 1 < len(found) and found[k + 1].category == "word"
        # one word of a pause, a repeat or a back after an answer is a word of it: "sometimes at break"
        in_answer = gives_answer and k > 0 and len(piece.words) == 1 and piece.detail != Control.STOP
        explains = (piece not in told and (piece.detail in EXPLAINING or story or goes_on)) or (
            gives_answer and piece.detail in EXPLAINING) or (why and k >= 2) or in_answer
        if piece.category == "control" and (len(piece.words) > 1 or short or said_first) and not explains:
            return _steer(piece.category, piece.detail)
    if _steer_said_first(found, lex):
        return _steer(found[0].category, found[0].detail)  # "nie wiem... nikomu nie mówię", "pata nahi... uncle ..."
    if first_answer is None and _split(words, lex) and not any(
            is_number(p, lex) or p.category == "position" for p in found):
        return Coding(Coded.ANSWERED, value=MIDDLE)  # "some good some bad", "kabhi haan kabhi nahi"
    asks, ends_asking = bool(words) and words[0] in lex.question_words, bool(words) and words[-1] in QUESTION_MARKS
    value = None if asks and ends_asking else scale_value(face_values, found, words, lex, first_answer)
    if value is not None and any(p.category in ("skip", "dont_know") for p in told):
        value = UNSURE  # "skip 4 now": a skip and an answer are two meanings
    if value is not None:
        return Coding(Coded.ANSWERED, value=value) if 1 <= value <= SCALE_POINTS else Coding(Coded.UNCLEAR)
    for piece in found:
        if piece.category in ("skip", "dont_know") and (len(piece.words) > 1 or short):
            return _steer(piece.category, piece.detail)
    guesses = {int(str(p.detail)) for p in found if p.category == "guess"}
    if len(guesses) == 1 and not asks:
        return Coding(Coded.UNCLEAR, guess=guesses.pop())  # "ok": most likely a 3, so it is asked about
    if asks or ends_asking:
        return Coding(Coded.CONTROL, control=Control.HELP)  # a question, and no answer in it: "what's an EHCP?"
    return Coding(Coded.UNCLEAR)
