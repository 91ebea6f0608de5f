"""Audio in the person's language: gTTS (the real client) against a local fake of Google's speech endpoint on
loopback, and espeak-ng on this machine when that fails; never English speech for a question in another
language; a note where there can be no audio; slower speech kept apart; every message of a whole conversation
heard, in every language; and never a person's own words."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from alembic import command
from gtts import gTTSError

from bot.dialogue import notices
from bot.dialogue.language_question import language_question
from bot.fakes.google_tts import title_of
from bot.media import espeak, mp3, speech, tts
from bot.store.clips import ClipRegistry, SpokenText
from bot.store.upgrade import alembic_config
from bot.translation import messages as m
from bot.translation.languages import endonym, supported
from bot.translation.messages import AUDIO_NO_VOICE, AUDIO_NOT_TRANSLATED, FREE_TEXT_HINT
from bot.translation.rtl import without_bidi_controls
from bot.translation.speaker import Speaker
from channels.webchat import WebChatInput
from tests.running_bot import free_port
from tests.test_e2e import words

SAFE_ONLINE = "Do you feel safe online?"


@pytest.fixture
def google_down(monkeypatch, tmp_path):
    """Google's speech as a council network may see it: nothing answers."""
    monkeypatch.setenv("SAYIT_TTS_URL", f"http://127.0.0.1:{free_port()}/nothing-here")
    monkeypatch.setenv("SAYIT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SAYIT_DB_URL", f"sqlite:///{tmp_path / 'sayit.db'}")


def is_real_mp3(data: bytes) -> bool:
    """MPEG audio frames from the first byte (espeak-ng's clips carry no tag), that play for a while."""
    return data[0] == 0xFF and data[1] & 0xE0 == 0xE0 and mp3.seconds(data) > 0.5


async def served(name: str, pace: str | None = None):
    """The web chat's audio route, as the page asks it."""
    routes = WebChatInput("s" * 32, 3600, 60, 600).blueprint(lambda _: None)._future_routes
    audio = next(r.handler for r in routes if r.name.endswith(".audio"))
    return await audio(SimpleNamespace(args={"pace": pace} if pace else {}), name=name)


def polish_question() -> speech.Clip:
    return speech.clip("pl", Speaker("pl", "young_person").say(SAFE_ONLINE))


def test_every_supported_language_has_a_voice_in_both_engines():
    assert set(supported()) <= speech.voices() and len(supported()) == 8
    assert espeak.voices(supported()) == set(supported())  # installed by scripts/setup.sh and scripts/test.sh


@pytest.mark.parametrize("lang", ["pl", "ar", "bn", "cy"])
def test_a_question_is_spoken_in_the_language_it_is_shown_in_and_made_once(google, lang):
    speaker = Speaker(lang, "young_person")  # a young person's question
    audio, note = speech.spoken(speaker, SAFE_ONLINE)
    assert note is None and audio["lang"] == lang and not audio.unlisted  # a catalog wording alone
    clip = speech.speakable()[audio["id"]]
    path = tts.audio_file(clip)
    assert title_of(path.read_bytes()) == f"{lang}: {speaker.say(SAFE_ONLINE)}" != f"{lang}: {SAFE_ONLINE}"
    assert google.received == [(lang, speaker.say(SAFE_ONLINE))]
    assert tts.audio_file(clip) == path and len(google.received) == 1  # kept, not asked for again
    assert not list(path.parent.glob("*.part"))
    assert tts.registry().engine_of(clip.id, "normal") == "gtts"


def test_a_wording_that_fell_back_to_english_gets_no_audio_and_a_note_in_the_persons_language(google):
    audio, note = speech.spoken(Speaker("pl"), "A wording no catalog has yet")
    assert audio is None and note == Speaker("pl").say(AUDIO_NOT_TRANSLATED) != AUDIO_NOT_TRANSLATED
    # in English too, words the catalogs do not hold are not the bot's, so they are never spoken
    assert speech.spoken(Speaker("en"), "A wording no catalog has yet") == (None, None)


def test_a_language_no_engine_has_a_voice_for_gets_a_note_instead(google, monkeypatch):
    monkeypatch.setattr(speech, "voices", lambda: frozenset({"en", "pl"}))
    monkeypatch.setattr(espeak, "_voice_names", lambda: frozenset({"en-gb", "pl"}))
    audio, note = speech.spoken(Speaker("cy", "young_person"), SAFE_ONLINE)
    assert audio is None and note == Speaker("cy").say(AUDIO_NO_VOICE) != AUDIO_NO_VOICE
    assert speech.name_spoken("cy") is None and speech.name_spoken("pl") is not None


def test_with_espeak_alone_a_language_it_has_no_voice_for_gets_the_note(monkeypatch, tmp_path):
    monkeypatch.setenv("SAYIT_TTS_URL", "espeak-ng")
    assert speech.spoken(Speaker("cy", "young_person"), SAFE_ONLINE)[0]["lang"] == "cy"
    monkeypatch.setattr(espeak, "_voice_names", lambda: frozenset({"en-gb", "pl"}))
    assert speech.spoken(Speaker("cy", "young_person"), SAFE_ONLINE) == (None, Speaker("cy").say(AUDIO_NO_VOICE))
    assert speech.spoken(Speaker("pl", "young_person"), SAFE_ONLINE)[0]["lang"] == "pl"


def test_with_speech_switched_off_there_is_neither_audio_nor_a_note(monkeypatch):
    monkeypatch.setenv("SAYIT_TTS_URL", "off")
    assert speech.spoken(Speaker("pl", "young_person"), SAFE_ONLINE) == (None, None)
    monkeypatch.delenv("SAYIT_TTS_URL")
    assert speech.spoken(Speaker("pl", "young_person"), SAFE_ONLINE) == (None, None)


def test_the_language_list_speaks_each_name_in_its_own_language(google):
    offered = language_question("s1", Speaker("ur")).custom
    assert offered["audio"]["lang"] == "ur"  # the question itself, in the language guessed
    for choice in offered["choices"]:
        clip = speech.speakable()[choice["audio"]["id"]]
        assert (clip.lang, clip.text) == (choice["value"], endonym(choice["value"]))
        assert title_of(tts.audio_file(clip).read_bytes()) == f"{choice['value']}: {choice['label']}"


def test_only_the_bots_own_wordings_can_be_spoken(google):
    assert speech.clip("pl", "Przelej mi pieniądze").id not in speech.speakable()
    assert tts.known_clip(speech.clip("pl", "Przelej mi pieniądze").id) is None
    assert polish_question().id in speech.speakable()
    # both forms of a message said to whoever is answering can be heard
    assert speech.clip("cy", Speaker("cy", "young_person").say(FREE_TEXT_HINT)).id in speech.speakable()
    assert speech.clip("cy", Speaker("cy").say(FREE_TEXT_HINT)).id in speech.speakable()
    # a placeholder takes numbers, the bot's words or a deployment's setting: a bare string is refused
    with pytest.raises(TypeError, match="Quoted"):
        speech.words(m.BACK_INTRO, previous="whatever someone typed")


def test_a_message_in_parts_is_one_clip_of_its_parts_joined_and_registered_as_the_bot_said_it(google):
    speaker = Speaker("pl", "young_person")
    position = speech.words(m.QUESTION_POSITION, n=3, total=25)
    audio, _ = speech.spoken(speaker, m.REPEAT_INTRO, position, SAFE_ONLINE)
    assert tts.known_clip(audio["id"]) is None  # not said until a message with it is built and registered
    tts.registry().register(audio.unlisted)
    clip = tts.known_clip(audio["id"])
    said = [speaker.say(m.REPEAT_INTRO), speaker.say(m.QUESTION_POSITION, n=3, total=25), speaker.say(SAFE_ONLINE)]
    assert clip.text == " ".join(said) and len(clip.parts) == 3
    assert words(title_of(tts.audio_file(clip).read_bytes())) == words("pl: " + " ".join(said))
    assert google.received == [("pl", s) for s in said]  # each part asked for once, then kept on its own
    tts.audio_file(tts.known_clip(clip.parts[1]))
    assert len(google.received) == 3


@pytest.mark.parametrize("failure", ["unreachable", "error 500", "no audio"])
async def test_when_gtts_fails_espeak_makes_the_clip_and_the_web_chat_serves_it(google, monkeypatch, failure):
    if failure == "unreachable":
        monkeypatch.setenv("SAYIT_TTS_URL", f"http://127.0.0.1:{free_port()}/nothing-here")
    elif failure == "error 500":
        google.failing = 500
    else:
        monkeypatch.setattr(tts._TTSAt, "write_to_fp", lambda self, f: None)  # answers, with nothing in it
    clip = polish_question()
    reply = await served(f"{clip.id}.mp3")
    assert reply.status == 200 and reply.content_type == "audio/mpeg"
    assert reply.body == tts.audio_path(clip).read_bytes() and is_real_mp3(reply.body)
    assert b"ID3" not in reply.body[:3]  # not the fake's silent clip: espeak-ng's own
    assert tts.registry().engine_of(clip.id, "normal") == "espeak-ng"
    assert [(c.id, c.engine) for c in tts.registry().made()] == [(clip.id, "espeak-ng")]
    assert google.received == []


def test_after_google_could_not_be_reached_it_is_left_alone_for_a_while(google_down, monkeypatch):
    asked = []

    def unreachable(self, f):
        asked.append(self.text)
        raise gTTSError()  # no response at all, as gTTS reports a connection that failed

    monkeypatch.setattr(tts._TTSAt, "write_to_fp", unreachable)
    first, second = polish_question(), speech.clip("pl", Speaker("pl").say(m.SKIP_LABEL))
    assert tts.make(first) == tts.make(second) == "espeak-ng"
    assert asked == [first.text]  # one timeout, not one a clip


def test_when_no_engine_can_make_it_nothing_is_kept_and_the_error_says_what_to_do(google, monkeypatch):
    clip = polish_question()
    google.voices.discard("pl")  # the service turns the language down
    monkeypatch.setattr(espeak, "_voice_names", lambda: frozenset({"en-gb"}))
    with pytest.raises(tts.SpeechUnavailable, match="did not answer properly.*espeak-ng has no voice for 'pl'"):
        tts.audio_file(clip)
    assert not list(tts.audio_dir().glob("*"))  # no half-made file to serve later
    monkeypatch.setenv("SAYIT_TTS_URL", "off")
    with pytest.raises(tts.SpeechUnavailable, match="set SAYIT_TTS_URL"):
        tts.audio_file(clip)


async def test_slower_speech_is_made_and_kept_apart_by_either_engine(google, monkeypatch):
    clip = polish_question()
    normal, slow = tts.audio_file(clip), tts.audio_file(clip, "slow")
    assert normal != slow and normal.read_bytes() != slow.read_bytes()
    assert mp3.seconds(slow.read_bytes()) > mp3.seconds(normal.read_bytes())
    assert google.slow == [("pl", clip.text)] and len(google.received) == 2
    assert (await served(f"{clip.id}.mp3", "slow")).body == slow.read_bytes()
    assert (await served(f"{clip.id}.mp3", "fast")).status == 400
    assert (await served("0" * 32 + ".mp3")).status == 404

    monkeypatch.setenv("SAYIT_TTS_URL", "espeak-ng")
    other = speech.clip("pl", Speaker("pl").say(m.SKIP_LABEL))
    normal, slow = tts.audio_file(other), tts.audio_file(other, "slow")
    assert is_real_mp3(normal.read_bytes()) and is_real_mp3(slow.read_bytes())
    assert mp3.seconds(slow.read_bytes()) > mp3.seconds(normal.read_bytes()) * 1.2
    assert tts.registry().engine_of(other.id, "slow") == "espeak-ng"


def test_the_channels_own_notices_are_heard_in_every_language(google):
    for lang in supported():
        for notice in (notices.text_only, notices.private_only, notices.audio_unavailable, notices.turn_failed,
                       notices.rate_limited):
            custom = notice(lang).custom
            assert custom["audio"]["lang"] == lang and custom["audio"]["id"] in speech.speakable(), (lang, notice)


# ---- every message of a whole conversation --------------------------------------------------------------------
def tapped(chat, sender, intent, key=None, **payload):
    text = f"/{intent}{json.dumps(payload, separators=(',', ':'))}" if payload else f"/{intent}"
    return chat(text, sender=sender, via="button", intent=intent, confidence=1.0, payload=payload, message_key=key)


def conversation_in(chat, lang):
    """A young person's whole Bristol survey, and one stopped, touching every kind of message there is."""
    me, quitter = f"young-{lang}", f"stops-{lang}"
    sent = [*chat("hello", sender=me, survey="bristol_outcomes")]
    sent += tapped(chat, me, "choose_language", language=lang)  # welcome, privacy notice, who is answering
    sent += tapped(chat, me, "choose_role", role="young_person")  # thanks, and the age
    sent += chat("15", sender=me)
    first = sent[-1].custom["question_id"]
    for intent in ("help", "repeat"):
        sent += tapped(chat, me, intent, question_id=first)
    sent += tapped(chat, me, "answer", question_id=first, value=4)
    sent += tapped(chat, me, "go_back", question_id=sent[-1].custom["question_id"])
    sent += tapped(chat, me, "change_language", question_id=first)
    sent += tapped(chat, me, "choose_language", language=lang)  # back where they were: "language changed"
    sent += tapped(chat, me, "pause")
    sent += chat("/greet", sender=me, via="button", intent="greet", confidence=1.0)  # resumed
    sent += chat("my dad hits me", sender=me)  # kind words, then a check-in
    sent += chat("banana", sender=me)  # asked again
    sent += chat("/greet", sender=me, via="button", intent="greet", confidence=1.0)  # carry on
    sent += chat("x" * 3000, sender=me)  # too long to keep
    while sent[-1].custom["type"] == "question":
        asked = sent[-1].custom
        key = f"{lang}-{asked['question_id']}"
        if asked["kind"] == "scale":
            sent += tapped(chat, me, "answer", key, question_id=asked["question_id"], value=asked["position"] % 5 + 1)
        else:
            sent += tapped(chat, me, "skip", key, question_id=asked["question_id"])
    sent += tapped(chat, me, "skip", key, question_id="whatever")  # delivered twice: "I already have that"
    sent += chat("x" * 3000, sender=me)  # too long, with no survey open
    sent += chat("hello", sender=quitter)
    sent += tapped(chat, quitter, "choose_language", language=lang)
    sent += tapped(chat, quitter, "choose_role", role="parent_carer")
    sent += tapped(chat, quitter, "answer", question_id=sent[-1].custom["question_id"], value=2)
    sent += tapped(chat, quitter, "stop")
    return sent


def audio_of(custom):
    """Every clip a message names: its own, its parts', its answers' and its controls'."""
    found = [custom.get(k) for k in ("audio", "easy_read_audio", "hint_audio", "help_audio") if k in custom]
    return found + [t["audio"] for t in [*(custom.get("choices") or []), *(custom.get("controls") or [])]
                    if t.get("audio")]


LABELS = {"skip": (m.SKIP_LABEL,), "dont_know": (m.DONT_KNOW_LABEL,), "help": (m.HELP_LABEL,),
          "repeat": (m.REPEAT_LABEL,), "back": (m.BACK_LABEL,), "pause": (m.PAUSE_LABEL, m.BREAK_LABEL),
          "stop": (m.STOP_LABEL,), "carry_on": (m.CARRY_ON_LABEL, m.RESUME_LABEL),
          "rather_not_say": (m.RATHER_NOT_SAY_LABEL,)}


def silent_taps(custom):
    """The answers and controls with no audio: only a button whose words the catalogs do not hold yet (shown in
    English, as every untranslated wording is) may have none, since only catalog wordings are ever spoken."""
    silent = [t for t in [*(custom.get("choices") or []), *(custom.get("controls") or [])] if not t.get("audio")]
    for tap in silent:
        english = [w for w in LABELS.get(tap["value"], ()) if w == without_bidi_controls(tap["label"])]
        assert english and not set(english) & speech.catalog_wordings(), (custom["language"], tap["label"])
    return silent


EVERY_KIND = {"choose_language", "welcome", "privacy_notice", "choose_role", "role_chosen", "ask_age", "question",
              "survey_paused", "safeguarding", "survey_complete", "survey_stopped", "summary", "notice", "too_long"}


async def test_every_message_of_a_whole_conversation_is_heard_in_every_language(chat, google, monkeypatch, db_url):
    monkeypatch.setenv("SAYIT_DB_URL", db_url)
    for lang in supported():
        sent = conversation_in(chat, lang)
        kinds = {r.custom["type"] for r in sent}
        assert kinds == EVERY_KIND, (lang, EVERY_KIND ^ kinds)
        assert google.received == []  # nothing is made while messages are built: text never waits for audio
        went_back = Speaker(lang, "young_person").say(m.BACK_INTRO, previous="4")
        heard, unheard = {}, set()
        for reply in sent:
            custom = reply.custom
            assert custom["audio_note"] is None and all(audio_of(custom)), (lang, custom["type"], custom["text"])
            unheard.update(without_bidi_controls(t["label"]) for t in silent_taps(custom))
            assert custom["audio"]["lang"] == custom["language"]  # the list is asked in the language it offers
            if custom["type"] == "choose_language":
                assert [c["audio"]["lang"] for c in custom["choices"]] == [c["value"] for c in custom["choices"]]
            else:
                assert {a["lang"] for a in audio_of(custom)} == {lang}, custom["type"]
            intro = custom.get("intro") if custom.get("intro") != went_back else None  # a quote is not spoken
            shown = " ".join(filter(None, [intro, custom.get("position_text"), custom["text"]]))
            heard.update({a["id"]: None for a in audio_of(custom)})
            heard[custom["audio"]["id"]] = shown
        for clip_id, shown in heard.items():
            clip = tts.known_clip(clip_id)
            assert clip is not None, (lang, shown)
            said = title_of(tts.audio_file(clip).read_bytes())
            if shown is not None:
                assert words(said) == words(f"{clip.lang}: {shown}"), lang  # all that is shown, and only that
        # the buttons added since the catalogs were last extracted (say it again, go back, pause, carry on)
        assert unheard <= {m.REPEAT_LABEL, m.BACK_LABEL, m.PAUSE_LABEL, m.RESUME_LABEL}
        asked = next(r.custom for r in sent if r.custom["type"] == "question")
        assert (await served(f"{asked['audio']['id']}.mp3")).status == 200
        assert (await served(f"{asked['audio']['id']}.mp3", "slow")).status == 200
        google.received.clear()


def test_the_persons_own_words_reach_no_clip_no_registry_row_and_no_audio(chat, google, monkeypatch, db_url, store):
    monkeypatch.setenv("SAYIT_DB_URL", db_url)
    theirs = "quokkas like drawing"
    chat("English")
    asked = chat("me")[-1].custom
    while asked["kind"] == "scale":
        asked = tapped(chat, "person-1", "answer", question_id=asked["question_id"], value=3)[-1].custom
    chat(theirs)  # an answer in their own words
    back = chat("go back")[-1].custom
    assert theirs in back["intro"] and theirs not in back["text"]  # shown back to them...
    clip = tts.known_clip(back["audio"]["id"])
    assert clip.text == f"{back['position_text']} {back['text']}"  # ...but the quote is left out of the sound
    for audio in audio_of(back):
        tts.audio_file(tts.known_clip(audio["id"]))
        tts.audio_file(tts.known_clip(audio["id"]), "slow")
    with store.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT text FROM clips")).scalars().all()
    assert rows and not [r for r in rows if "quokka" in r]
    files = list(tts.audio_dir().glob("*.mp3"))
    assert files and not [f for f in files if b"quokka" in f.read_bytes() or "quokka".encode("utf-16-le")
                          in f.read_bytes()]
    assert google.received and not [t for _, t in google.received if "quokka" in t]


# ---- the registry, on SQLite and PostgreSQL -----------------------------------------------------------------
def test_the_registry_keeps_the_words_and_which_engine_made_each_clip(store):
    registry = ClipRegistry(store.engine)
    whole = SpokenText("a" * 32, "pl", "Pytanie 3 z 25. Czy...", ("b" * 32, "c" * 32))
    registry.register([whole, whole])
    ClipRegistry(store.engine).register([whole])  # another process, or after a restart: left as it was
    assert registry.find(whole.id) == whole and registry.find("d" * 32) is None
    assert registry.engine_of(whole.id, "normal") is None and registry.made() == []
    registry.record_made(whole, "slow", "espeak-ng")
    registry.record_made(whole, "normal", "gtts")
    registry.record_made(whole, "normal", "gtts+espeak-ng")  # made again
    assert [(c.pace, c.engine) for c in registry.made()] == [("slow", "espeak-ng"), ("normal", "gtts+espeak-ng")]
    assert [c.pace for c in registry.made("espeak-ng")] == ["slow"]


def test_migration_0007_adds_the_clips_table_and_takes_it_away_again(store):
    config = alembic_config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0006")
    assert "clips" not in sa.inspect(store.engine).get_table_names()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    assert "clips" in sa.inspect(store.engine).get_table_names()
    ClipRegistry(store.engine).register([SpokenText("e" * 32, "en", "Question 1 of 2.")])
