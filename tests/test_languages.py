"""The languages SayIt speaks (bot/translation/languages.py): names, direction and the choice from a channel's hints."""

from bot.translation.languages import accept_language, direction, endonym, marked_for_direction, negotiate, supported
from bot.translation.rtl import LRI, PDI, RTL_MARK


def test_eight_languages_each_named_in_itself():
    assert supported() == ("en", "ar", "bn", "cy", "pl", "ro", "uk", "ur")
    assert [endonym(lang) for lang in ("cy", "pl", "ur", "ar", "bn", "ro", "uk")] == [
        "Cymraeg", "Polski", "اردو", "العربية", "বাংলা", "Română", "Українська"]


def test_arabic_and_urdu_are_written_right_to_left():
    assert {lang: direction(lang) for lang in supported() if direction(lang) == "rtl"} == {"ar": "rtl", "ur": "rtl"}


def test_a_channels_hints_preselect_the_language():
    assert negotiate(["uk"]) == "uk"  # Telegram's language_code
    assert negotiate(accept_language("pl-PL,pl;q=0.9,en;q=0.8")) == "pl"  # a browser
    assert negotiate(accept_language("de-DE,de;q=0.9,ar;q=0.5")) == "ar"
    assert negotiate(accept_language("fr;q=1, en-GB;q=0.3")) == "en"
    assert negotiate([None, "ur_PK"]) == "ur"  # no Telegram code, then an invitation's column
    assert negotiate(["zz", "de"]) == "en"  # nothing we speak: English, from which a person can switch


def test_a_broken_accept_language_header_is_read_as_far_as_it_makes_sense():
    assert accept_language("pl;q=abc, cy;q=0.7, ;;;, en;q=0") == ["cy"]


def test_right_to_left_lines_are_marked_once_and_left_to_right_text_is_left_alone():
    """Each line opens with a right-to-left mark; its numbers and Latin words are isolated (bot/translation/rtl.py)."""
    marked = marked_for_direction("1 / 21\nEHC پلان", "ur")
    assert marked == f"{RTL_MARK}{LRI}1{PDI} / {LRI}21{PDI}\n{RTL_MARK}{LRI}EHC{PDI} پلان" == marked_for_direction(
        marked, "ur")
    assert marked_for_direction("1 / 21\nCzy", "pl") == "1 / 21\nCzy"
