"""The answer coder (bot/understanding/coder.py): what everyday replies mean, against the kind of question they
answer."""

import pytest
import yaml

from bot.understanding.lexicon import LEXICON_DIR, read_lexicon
from bot.understanding.normalise import normalise, tokens
from bot.understanding.reading import code_age, code_reply, code_role

SCALE_CASES = [
    ("5", "answered", 5, None),
    ("1", "answered", 1, None),
    ("three", "answered", 3, None),
    ("Five", "answered", 5, None),
    ("4/5", "answered", 4, None),
    ("4 out of 5", "answered", 4, None),
    ("3 I guess", "answered", 3, None),
    ("yeah mostly", "answered", 4, None),
    ("um yeah I think mostly", "answered", 4, None),
    ("yes", "answered", 5, None),
    ("No.", "answered", 1, None),
    ("never", "answered", 1, None),
    ("not really", "answered", 2, None),
    ("hardly ever", "answered", 2, None),
    ("sometimes", "answered", 3, None),
    ("in between", "answered", 3, None),
    ("all the time", "answered", 5, None),
    ("😀", "answered", 5, None),
    ("🙂", "answered", 4, None),
    ("😐", "answered", 3, None),
    ("😞", "answered", 1, None),
    (":)", "answered", 4, None),
    (":D", "answered", 5, None),
    ("٣", "answered", 3, None),
    ("۴", "answered", 4, None),
    ("৫", "answered", 5, None),
    ("skip", "skipped", None, None),
    ("I'd rather not say", "skipped", None, None),
    ("dunno", "dont_know", None, None),
    ("I don't know", "dont_know", None, None),
    ("not sure", "dont_know", None, None),
    ("help", "control", None, "help"),
    ("I don't understand the question", "control", None, "help"),
    ("say that again", "control", None, "repeat"),
    ("go back", "control", None, "back"),
    ("can we finish later", "control", None, "pause"),
    ("stop", "control", None, "stop"),
    ("7", "unclear", None, None),
    ("0", "unclear", None, None),
    ("banana", "unclear", None, None),
    ("🍌", "unclear", None, None),
    ("yes and no", "unclear", None, None),
    ("", "unclear", None, None),
]


@pytest.mark.parametrize("text,status,value,control", SCALE_CASES)
def test_scale_replies(text, status, value, control):
    coding = code_reply(text, "en", "scale")
    assert (coding.status, coding.value, coding.control) == (status, value, control)


@pytest.mark.parametrize("text", ["I don't like it when people stop me", "help with reading", "5 stars for PE",
                                  "no"])
def test_free_text_is_an_answer_even_when_it_mentions_a_control_word(text):
    coding = code_reply(text, "en", "free_text")
    assert coding.status == "answered" and coding.value is None


@pytest.mark.parametrize("text,status,control", [("stop", "control", "stop"), ("skip", "skipped", None),
                                                 ("  ", "unclear", None)])
def test_free_text_bare_controls_still_steer(text, status, control):
    coding = code_reply(text, "en", "free_text")
    assert (coding.status, coding.control) == (status, control)


@pytest.mark.parametrize("text", ["my dad hits me", "I want to hurt myself", "I'm scared to go home",
                                  "I don't feel safe at home"])
def test_concern_is_flagged(text):
    assert code_reply(text, "en", "free_text").concern is True


@pytest.mark.parametrize("text", ["I feel safe at home", "the film was scary", "5", "I like swimming"])
def test_ordinary_replies_raise_no_concern(text):
    assert code_reply(text, "en", "free_text").concern is False


@pytest.mark.parametrize("text,role", [
    ("me", "young_person"), ("I'm a parent", "parent_carer"), ("mum", "parent_carer"), ("2", "parent_carer"),
    ("3", "advocate"), ("I'm helping", "advocate"), ("banana", None),
])
def test_role_replies(text, role):
    assert code_role(text) == role


def test_normalise_turns_other_scripts_digits_into_ascii():
    assert normalise("٤ and ৪ and ۴") == "4 and 4 and 4"


def test_unknown_language_says_how_to_add_it():
    with pytest.raises(ValueError, match="bot/understanding/word_lists/xx.yml"):
        code_reply("yes", "xx")


@pytest.mark.parametrize("text,lang,value", [
    ("nie wiem", "pl", None), ("pięć", "pl", 5), ("piec", "pl", 5), ("nu stiu", "ro", None), ("nu ştiu", "ro", None),
    ("يضربني", "ar", None), ("نعم دائما", "ar", 5), ("نعم دايما", "ar", 5), ("ہاں", "ur", 5), ("هاں", "ur", 5),
    ("মাঝে মাঝে", "bn", 3), ("п’ять", "uk", 5), ("пʼять", "uk", 5), ("un deg pump", "cy", None),
])
def test_spellings_that_keyboards_mix_up_code_alike(text, lang, value):
    """Curly and modifier apostrophes, dropped accents, Arabic and Urdu letter forms: one code each."""
    assert code_reply(text, lang).value == value


def test_words_keep_their_combining_marks_in_every_script():
    assert tokens(normalise("আমি জানি না")) == ("আমি", "জানি", "না")  # Bengali vowel signs are in the word
    assert tokens(normalise("كثيرًا")) == ("کثیرا",)  # Arabic short-vowel marks are folded away


def test_numbers_said_in_several_words_are_read_as_one():
    assert code_age("dau ddeg un", "cy") == 21
    assert code_age("mam pietnascie lat", "pl") == 15
    assert code_age("dwadzieścia jeden", "pl") == 21
    assert code_reply("un deg pump", "cy").status == "unclear"  # 15 is not on the scale


@pytest.mark.parametrize("lang,disclosure,ordinary", [
    ("cy", "mae dad yn fy nharo i", "roedd y ffilm yn codi ofn"),
    ("pl", "tata mnie bije", "serce mi bije szybko"),
    ("ro", "tata mă bate", "mă bate gândul să plec"),
    ("uk", "тато мене б'є", "фільм був страшний"),
    ("ar", "أبي يضربني", "راسي يوجعني"),
    ("ur", "ابو مجھے مارتا ہے", "فلم ڈراؤنی تھی"),
    ("bn", "বাবা আমাকে মারে", "ভূতের সিনেমা দেখেছি"),
])
def test_concern_in_every_language(lang, disclosure, ordinary):
    assert code_reply(disclosure, lang, "free_text").concern
    assert not code_reply(ordinary, lang, "free_text").concern


def test_every_language_answers_controls_and_roles():
    for lang, stop, role in (("cy", "stopio", "rhiant"), ("pl", "koniec", "rodzic"), ("ro", "gata", "părinte"),
                             ("uk", "стоп", "мама"), ("ar", "توقف", "ولي أمر"), ("ur", "بس کرو", "امی"),
                             ("bn", "থামো", "অভিভাবক")):
        assert code_reply(stop, lang).control == "stop", lang
        assert code_role(role, lang) == "parent_carer", lang


def test_a_word_list_that_gives_one_phrase_two_meanings_is_refused(tmp_path):
    english = yaml.safe_load((LEXICON_DIR / "en.yml").read_text(encoding="utf-8"))
    english["controls"]["stop"].append("um sometimes")  # "um" is a filler: this reads as "sometimes", a 3
    path = tmp_path / "xx.yml"
    path.write_text(yaml.safe_dump(english, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match="'um sometimes' reads as 'sometimes', which is already"):
        read_lexicon("xx", path)


def test_a_disclosure_is_caught_whatever_language_the_session_is_in():
    assert code_reply("tata mnie bije", "en", "free_text").concern  # Polish in an English session
    assert code_reply("my dad hits me", "ur", "free_text").concern  # English in an Urdu session
    assert not code_reply("I feel safe at home", "pl", "free_text").concern
