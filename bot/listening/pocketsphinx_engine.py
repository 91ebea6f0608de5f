"""English heard by pocketsphinx (its own US English acoustic model and dictionary), offline, in two passes over
one clip: a JSGF grammar of the phrases the question expects, which gives the transcript and its confidence, and
keyphrase spotting over the word lists' safeguarding phrases (`spoken_concern`), which the grammar would never hear.
"""

from __future__ import annotations

import array
import hashlib
import math
import os
import random
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache
from itertools import islice
from typing import Any

from bot.listening.heard import CONFIRM_BELOW, Heard
from bot.listening.spoken_concern import concern_phrases
from bot.understanding.reading import code_reply
from bot.vocabulary import Coded

SPOTTING = "concern"
GRAMMARS_KEPT = 32  # one a question and language; an old one is made again if it is needed
QUIET_RMS = 30  # a clip this quiet (of 32768) holds no speech: nothing is heard, with confidence 0
# The speech is brought to one level, whatever the microphone's gain: the acoustic model's starting cepstral mean
# expects quiet speech, and espeak-ng's clips at their own level were heard right 51 times in 100, at this one 63.
SPEECH_RMS = 200
FRAME = 320  # samples: 20 ms at 16 kHz
EDGE_FRAMES = 5  # the quiet kept before and after the sound: 0.1 s
# how readily a safeguarding phrase is spotted, per word it has: lower finds more and false-alarms more.
# Tuned on espeak-ng's clips (tests/test_listening.py): no ordinary answer raises it, the disclosures do.
SPOTTING_THRESHOLD = {2: 1e-15, 3: 1e-35, 4: 1e-50}
SPOTTING_LONGER = 1e-55
NBEST = 30  # paths read for whole phrases
# Confidence grows with how far the heard phrase's score leads its likeliest rival's, per 10 ms frame, in
# pocketsphinx's own log units: at this lead it is 1/2 (CONFIRM_BELOW), and it nears 1 as the lead doubles and more.
# Calibrated with `sayit evaluate --voice` (README, "Answering by voice").
HALF_LEAD = 2.6
LOG_BASE = math.log(1.0001)  # pocketsphinx's scores are powers of 1.0001
FALLBACK = 0.4  # a phrase found in the n-best list, not the decoder's own best: always confirmed


def _grammar(phrases: Sequence[str]) -> str:
    return "#JSGF V1.0;\ngrammar answers;\npublic <answer> = " + " | ".join(phrases) + ";\n"


class PocketSphinx:
    """A Recogniser for English. `model` and `dictionary` (paths) replace the ones pocketsphinx ships, e.g.
    `en=pocketsphinx?model=/srv/models/en-gb&dictionary=/srv/models/en-gb.dict`."""

    def __init__(self, model: str | None = None, dictionary: str | None = None, lang: str = "en"):
        self.lang = lang
        self._paths = {key: value for key, value in (("hmm", model), ("dict", dictionary)) if value}
        self._lock = threading.Lock()  # a decoder hears one clip at a time
        self._decoder: Any = None
        self._grammars: OrderedDict[str, dict[str, tuple]] = OrderedDict()
        self._cmn = ""

    def _ready(self) -> Any:
        if self._decoder is None:
            from pocketsphinx import Decoder

            decoder = Decoder(lm=None, loglevel="FATAL", **self._paths)
            self._cmn = decoder.get_cmn(False)
            spoken = [p for p in concern_phrases(self.lang) if self._spellable(decoder, p)]
            with tempfile.NamedTemporaryFile("w", suffix=".kws", delete=False, encoding="utf-8") as keyphrases:
                for phrase in spoken:
                    threshold = SPOTTING_THRESHOLD.get(len(phrase.split()), SPOTTING_LONGER)
                    keyphrases.write(f"{phrase} /{threshold:.0e}/\n")
            try:
                decoder.add_kws(SPOTTING, keyphrases.name)
            finally:
                os.unlink(keyphrases.name)
            self._decoder = decoder
        return self._decoder

    @staticmethod
    def _spellable(decoder: Any, phrase: str) -> bool:
        """Whether every word is in the dictionary: pocketsphinx offers no letter-to-sound rules, so a word it
        cannot spell ("nevr", "100%") is left out rather than guessed."""
        return all(word.replace("'", "").isalpha() and decoder.lookup_word(word) for word in phrase.split())

    def _activate_grammar(self, decoder: Any, phrases: Sequence[str]) -> dict[str, tuple]:
        """The grammar for these phrases made the active search; its phrases pocketsphinx can spell, each with
        what it means to the coder, so that synonyms ("no", "nope") never count as rivals."""
        name = "g" + hashlib.sha1("\n".join(phrases).encode()).hexdigest()[:16]
        if name not in self._grammars:
            spoken = [p for p in phrases if self._spellable(decoder, p)]
            if spoken:
                decoder.add_jsgf_string(name, _grammar(spoken))
            self._grammars[name] = {p: _meaning(p, self.lang) for p in spoken}
            if len(self._grammars) > GRAMMARS_KEPT:
                old, was = self._grammars.popitem(last=False)
                if was:
                    decoder.remove_search(old)
        self._grammars.move_to_end(name)
        if self._grammars[name]:
            decoder.activate_search(name)
        return self._grammars[name]

    def _decode(self, decoder: Any, pcm16k: bytes) -> Any:
        # fresh features from the same starting mean for every pass: live normalisation would otherwise carry
        # sums over from the clips before, and one clip be heard two ways
        decoder.reinit_feat()
        decoder.set_cmn(self._cmn)
        decoder.start_utt()
        decoder.process_raw(pcm16k, full_utt=True)
        decoder.end_utt()
        return decoder.hyp()

    def recognise(self, pcm16k: bytes, phrases: Sequence[str]) -> Heard:
        whole = array.array("h", pcm16k[: len(pcm16k) // 2 * 2])
        loudness = _speech_rms(whole)
        if loudness < QUIET_RMS:
            return Heard("", 0.0)
        # the phrase is heard in the sound alone; the keyphrases are spotted in the whole clip, as they were tuned
        sound = _without_quiet_edges(whole)
        answer = _levelled(sound, SPEECH_RMS / _speech_rms(sound))
        with self._lock:
            decoder = self._ready()
            meanings = self._activate_grammar(decoder, phrases)
            transcript, confidence = self._hear_phrase(decoder, answer, meanings) if meanings else ("", 0.0)
            decoder.activate_search(SPOTTING)
            spotted = self._decode(decoder, _levelled(whole, SPEECH_RMS / loudness))
        # An answer heard surely is an ordinary answer: a keyphrase spotted in it is a false alarm far more often
        # than a disclosure (README, "Answering by voice"), and one spoken sentence seldom holds both. A control
        # heard surely is not: a sentence is often heard as the nearest of the many ways to ask for help.
        answered = confidence >= CONFIRM_BELOW and meanings.get(transcript, ("",))[0] != Coded.CONTROL
        concern = bool(spotted and spotted.hypstr.strip()) and not answered
        return Heard(transcript, confidence, concern)

    def _hear_phrase(self, decoder: Any, pcm16k: bytes, meanings: dict[str, tuple]) -> tuple[str, float]:
        """The likeliest whole phrase, and a confidence from how far it leads the likeliest phrase that means
        something else. The decoder's own best is often a phrase's first words ("none of the" for "never"): then
        the n-best list's first whole phrase is taken, at a confidence that always asks, as it is right less often."""
        best = self._decode(decoder, pcm16k)
        if best is None:
            return "", 0.0
        scores: dict[str, float] = {}
        for hypothesis in islice(decoder.nbest() or (), NBEST):
            if hypothesis and hypothesis.hypstr in meanings and hypothesis.hypstr not in scores \
                    and hypothesis.score > 0:
                scores[hypothesis.hypstr] = math.log(hypothesis.score)
        if not scores:
            return "", 0.0
        heard = max(scores, key=lambda phrase: scores[phrase])
        rivals = [score for phrase, score in scores.items() if meanings[phrase] != meanings[heard]]
        lead = (scores[heard] - max(rivals)) / LOG_BASE if rivals else math.inf
        confidence = 1.0 - 0.5 ** (lead / max(decoder.n_frames(), 1) / HALF_LEAD)
        return heard, confidence if best.hypstr == heard else confidence * FALLBACK


def _meaning(phrase: str, lang: str) -> tuple:
    coding = code_reply(phrase, lang)
    return coding.status, coding.value, coding.control


def _levelled(samples: array.array, gain: float) -> bytes:
    """The samples at `gain`, dithered: espeak-ng's and a browser's silences are exact zeros, whose log energy the
    features cannot take. The dither is the same every time (pocketsphinx's own draws anew each clip, so one clip
    could be heard two ways), so a clip is always heard the same."""
    noise = _dither()
    return array.array("h", (max(-32768, min(32767, int(s * gain) + noise[i % len(noise)]))
                             for i, s in enumerate(samples))).tobytes()


@cache
def _dither() -> tuple[int, ...]:
    draw = random.Random(0)
    return tuple(draw.choice((-1, 0, 1)) for _ in range(4093))


def _without_quiet_edges(samples: array.array) -> array.array:
    """The clip from a little before its first sound to a little after its last. A recording made by pressing a
    button starts and ends with quiet, which the grammar would fill with a phrase ("four" with a second of quiet
    around it was heard as "tomorrow") and which would make the speech seem quieter than it is."""
    loud = [i for i in range(0, len(samples) - FRAME + 1, FRAME)
            if math.sqrt(sum(s * s for s in samples[i:i + FRAME]) / FRAME) >= QUIET_RMS]
    if not loud:
        return samples
    return samples[max(0, loud[0] - EDGE_FRAMES * FRAME):loud[-1] + (EDGE_FRAMES + 1) * FRAME]


def _speech_rms(samples: array.array) -> float:
    """How loud the speech in a clip is: the mean level of its louder half of 20 ms frames (the rest is pauses)."""
    levels = sorted(math.sqrt(sum(s * s for s in samples[i:i + FRAME]) / FRAME)
                    for i in range(0, len(samples) - FRAME + 1, FRAME))
    louder = levels[len(levels) // 2:]
    return sum(louder) / len(louder) if louder else 0.0
