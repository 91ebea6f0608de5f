"""Picture cards (bot/media/cards.py) and who chose them (bot/store/preferences.py, bot/media/pictures.py): a card
is a real PNG showing the question's symbol, its words and each answer's image, number and word, mirrored in
Arabic and Urdu; it is made once and kept under a hash of what it shows; the choice of pictures is kept with
the respondent the conversation knows, survives a restart, is in the subject access file and goes with erasure."""

from __future__ import annotations

import io

import numpy as np
import pytest
import sqlalchemy as sa
from alembic import command
from PIL import Image

from bot.dialogue.incoming import Incoming
from bot.dialogue.outgoing import question_message
from bot.media import card_text, cards, pictures
from bot.media.card_text import Style, runs
from bot.media.cards import BOX, WIDTH, CardContent, CardUnavailable, card_file, draw, symbol_image
from bot.pseudonym import channel_sender, respondent_key
from bot.rendering.telegram import MAX_CAPTION, telegram_caption
from bot.store import survey_store
from bot.store.preferences import choose_pictures, presentation
from bot.store.privacy import erase, find_respondent, held_about
from bot.store.survey_store import SurveyStore
from bot.store.upgrade import alembic_config
from bot.surveys.loading import load_surveys
from bot.translation.languages import supported
from bot.translation.rtl import rtl_safe
from bot.translation.speaker import Speaker, reader_of
from channels.telegram_commands import pictures_command, typed
from tests.conftest import TEST_KEY

LANGS = ("en", "pl", "ar", "ur", "bn")
# Symbols whose images exist today, each different: they stand in for the faces in the pixel tests
SHOWN = tuple(f"language-{lang}" for lang in ("en", "cy", "pl", "ro", "uk"))


def question(lang: str, index: int = 0, survey: str = "shropshire_annual_review", **kw) -> dict:
    s = load_surveys()[survey]
    q = s.questions[index]
    return question_message(s, q, "s", index + 1, len(s.questions), Speaker(lang, reader_of(q.role)), **kw).as_dict()


def with_symbols(message: dict, symbol: str = "language-bn", faces: tuple[str, ...] = SHOWN) -> dict:
    custom = dict(message["custom"], symbol=symbol)
    custom["choices"] = [dict(c, symbol=face) for c, face in zip(custom["choices"], faces, strict=True)]
    return dict(message, custom=custom)


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("SAYIT_DATA_DIR", str(tmp_path))
    return tmp_path


def opened(path) -> Image.Image:
    image = Image.open(io.BytesIO(path.read_bytes()))
    assert image.format == "PNG"
    return image.convert("RGB")


def test_a_card_is_a_png_with_each_answers_image_its_number_and_its_word(data_dir):
    message = with_symbols(question("en"))
    path = card_file(message["custom"])
    assert path.parent == data_dir / "cards" and path.suffix == ".png"
    image = opened(path)
    assert image.width == WIDTH and 700 < image.height < 1600
    card = draw(CardContent.of(message["custom"]))
    assert np.array_equal(np.asarray(image), np.asarray(card.image))
    pixels = np.asarray(image).astype(int)
    for (value, (left, top, right, bottom)), choice in zip(card.slots, message["custom"]["choices"], strict=True):
        # the answer's own image, as the symbols rasterise it, laid on the box: the same pixels
        expected = Image.new("RGB", (right - left, bottom - top), BOX)
        face = symbol_image(choice["symbol"], right - left)
        expected.paste(face, (0, 0), face)
        drawn = pixels[top:bottom, left:right]
        own = np.abs(drawn - np.asarray(expected).astype(int)).mean()
        assert own < 0.5, value
        # and the other answers' images are not what is there
        others = [symbol_image(c["symbol"], right - left) for c in message["custom"]["choices"] if c is not choice]
        for other in others:
            unlike = Image.new("RGB", other.size, BOX)
            unlike.paste(other, (0, 0), other)
            assert np.abs(drawn - np.asarray(unlike).astype(int)).mean() > 4 * own + 1
        # the number badge above it and the word below it put ink in the box
        assert (pixels[top - 70:top - 10, left:right] != 243).any()
        assert (pixels[bottom + 5:bottom + 50, left:right].sum(axis=2) < 200).sum() > 50
    assert [value for value, _ in card.slots] == [1, 2, 3, 4, 5]


def test_arabic_and_urdu_cards_are_mirrored_the_first_answer_on_the_right():
    for lang in LANGS:
        card = draw(CardContent.of(with_symbols(question(lang))["custom"]))
        lefts = [box[0] for _, box in card.slots]
        assert lefts == (sorted(lefts, reverse=True) if lang in ("ar", "ur") else sorted(lefts)), lang
        first = card.slots[0][1]
        assert (first[0] > WIDTH / 2) == (lang in ("ar", "ur")), lang


def test_each_language_has_its_own_card():
    made = {lang: card_file(with_symbols(question(lang))["custom"]) for lang in LANGS}
    assert len(set(made.values())) == len(LANGS)
    images = {lang: np.asarray(opened(path)) for lang, path in made.items()}
    for lang in LANGS[1:]:
        other = images[lang]
        assert other.shape != images["en"].shape or (other != images["en"]).any(), lang


def test_a_card_is_made_once_and_never_shows_what_the_person_wrote(data_dir):
    message = with_symbols(question("en", 1))
    path = card_file(message["custom"])
    made = path.stat().st_mtime_ns
    # the same question asked again, after going back, quoting the person's own reply: the same card
    quoting = dict(message["custom"], intro="Before, you said: my secret words")
    assert card_file(quoting) == path and path.stat().st_mtime_ns == made
    assert CardContent.of(quoting) == CardContent.of(message["custom"])
    assert "secret" not in repr(CardContent.of(quoting))
    # a change to what it shows is another card
    assert card_file(with_symbols(question("en", 2))["custom"]) != path
    assert sorted(p.suffix for p in (data_dir / "cards").iterdir()) == [".png", ".png"]  # nothing half written


def test_without_its_answers_images_or_its_fonts_there_is_no_card(monkeypatch):
    message = with_symbols(question("en"), faces=(*SHOWN[:4], "no-such-symbol"))
    with pytest.raises(CardUnavailable):
        card_file(message["custom"])
    with pytest.raises(CardUnavailable):
        card_file({"type": "info", "text": "Hello"})
    monkeypatch.setattr(card_text, "FONT_DIR", card_text.FONT_DIR / "nowhere")
    card_text.font.cache_clear()
    try:
        with pytest.raises(CardUnavailable, match="fonts-noto-core"):
            card_file(with_symbols(question("cy"))["custom"])
    finally:
        card_text.font.cache_clear()


def test_the_question_without_a_symbol_image_still_has_its_answers():
    message = with_symbols(question("en"), symbol="")
    assert len(draw(CardContent.of(message["custom"])).slots) == 5


def test_words_are_shaped_and_latin_names_inside_arabic_keep_their_place():
    bn, ar = Style("bn", 40), Style("ar", 40)
    # shaping joins letters: a Bengali conjunct and joined Arabic letters are not their letters side by side
    assert bn.width("ক্ষ") < bn.width("ক") + bn.width("্") + bn.width("ষ")
    assert ar.width("عربي") != sum(ar.width(ch) for ch in "عربي")
    line = rtl_safe("اتصل بـ Childline على 0800 1111.")
    found = runs(line, "ar")
    assert [r.latin for r in found] == [False, True, False] and found[1].text == "Childline"
    assert "\u20660800\u00a01111\u2069" in found[2].text  # the number keeps its isolate, so it reads 0800 1111
    assert [r.text for r in ar.visual(line)] == [r.text for r in reversed(found)]  # placed from the right
    assert runs("EHC plan", "en") == [card_text.Run("EHC plan", False)]
    assert [r.text for r in runs("তোমার EHC plan কি", "bn")] == ["তোমার ", "EHC plan", " কি"]


def test_every_question_of_every_survey_fits_its_card_and_its_caption_in_every_language():
    """No word is wider than its space, the words take at most four lines and each answer's word two."""
    for survey in load_surveys().values():
        for index, q in enumerate(survey.questions):
            for lang in supported():
                message = question_message(survey, q, "s", index + 1, len(survey.questions),
                                           Speaker(lang, reader_of(q.role))).as_dict()
                layout = cards._Layout(CardContent.of(message["custom"]))
                assert len(layout.words) <= 4, (survey.id, q.id, lang)
                for style, lines in layout.labels:
                    assert len(lines) <= 2 and all(style.width(line) <= layout.box_width - 16 for line in lines)
                assert all(layout.words_style.width(line) <= WIDTH - 2 * cards.MARGIN for line in layout.words)
                assert len(telegram_caption(message)) <= MAX_CAPTION


def test_pictures_are_chosen_by_command_and_by_the_link():
    assert pictures_command("/pictures") is True and pictures_command("/pictures on") is True
    assert pictures_command("/pictures@sayit_bot off") is False and pictures_command("/Pictures OFF") is False
    assert pictures_command("/start pictures") is True
    for other in ("/start", "/start pl", "/pictures maybe", "pictures", "/help"):
        assert pictures_command(other) is None, other
    assert typed("/start pictures") == ("/greet", None, None, None)  # never taken for a survey called "pictures"


def test_the_choice_is_kept_with_the_respondent_the_conversation_knows(db_url, surveys, settings, monkeypatch):
    from bot.dialogue.conversation import Conversation

    monkeypatch.setenv("SAYIT_DB_URL", db_url)
    survey_store.opened.cache_clear()
    key, sender = TEST_KEY.encode(), channel_sender(TEST_KEY.encode(), "telegram", "987654321")
    assert pictures.chosen(key, "telegram", sender) == pictures.Presentation()  # a stranger: nothing is made
    store = SurveyStore.open(db_url)
    conversation = Conversation(store, surveys, settings)
    for said in ("Polski", "1"):
        conversation.handle(Incoming("telegram", sender, said))
    now = pictures.choose(key, "telegram", sender, True)
    assert now.pictures and now.language == "pl" and now.role == "young_person" and now.asking
    survey_store.opened.cache_clear()  # a restart: the choice is still there
    assert pictures.chosen(key, "telegram", sender).pictures
    stored = respondent_key(key, "telegram", sender)
    respondent = find_respondent(store, stored)
    assert respondent is not None and held_about(store, respondent)["pictures"] is True
    assert not pictures.choose(key, "telegram", sender, False).pictures
    pictures.choose(key, "telegram", sender, True)
    erase(store, respondent)
    assert presentation(store, stored) == pictures.Presentation()
    # chosen before the first message (the link's /start pictures): the person is known from then on
    assert choose_pictures(store, stored, True).pictures and not presentation(store, stored).asking
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT COUNT(*) FROM respondents WHERE pictures")).scalar() == 1
    store.close()
    survey_store.opened.cache_clear()


def test_migration_0008_adds_the_choice_and_takes_it_away_again(store):
    config = alembic_config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0007")
    assert "pictures" not in {c["name"] for c in sa.inspect(store.engine).get_columns("respondents")}
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    assert "pictures" in {c["name"] for c in sa.inspect(store.engine).get_columns("respondents")}
    assert not presentation(store, store_pseudonym := "k" * 64).pictures
    assert choose_pictures(store, store_pseudonym, True).pictures


class RecordingBot:
    """Stands in for python-telegram-bot's Bot: what the channel sent."""

    def __init__(self):
        self.calls: list[tuple[str, dict]] = []

    async def send_message(self, chat_id, text, **kw):
        self.calls.append(("sendMessage", {"text": text, **kw}))

    async def send_photo(self, chat_id, photo, **kw):
        self.calls.append(("sendPhoto", {"photo": photo, **kw}))


async def test_a_question_goes_as_its_card_or_as_words_when_no_card_can_be_made_and_the_log_says_only_why(caplog):
    from channels.telegram import TelegramOutput

    bot = RecordingBot()
    message = with_symbols(question("pl"))
    await TelegramOutput(bot, 987654321, pictures=True).send_response("", message)
    await TelegramOutput(bot, 987654321, pictures=False).send_response("", message)
    broken = with_symbols(question("pl"), faces=(*SHOWN[:4], "no-such-symbol"))
    out = TelegramOutput(bot, 987654321, pictures=True)
    await out.send_response("", broken)
    assert [method for method, _ in bot.calls] == ["sendPhoto", "sendMessage", "sendMessage"] and out.sent == 1
    photo = bot.calls[0][1]
    assert photo["photo"].startswith(b"\x89PNG") and photo["caption"] == telegram_caption(message)
    assert photo["reply_markup"] == bot.calls[1][1]["reply_markup"]  # the same buttons as the words have
    warned = [r.getMessage() for r in caplog.records if "picture card" in r.getMessage()]
    assert warned == ["a picture card could not be made (CardUnavailable); the question went as text"]
    assert "987654321" not in caplog.text
