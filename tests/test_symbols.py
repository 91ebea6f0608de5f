"""Symbol images: each language's is the first letters of its own name in its own script, in a speech bubble."""

from __future__ import annotations

from bot.media.symbols import symbol_svg
from bot.translation.languages import supported


def test_each_language_has_its_own_symbol_in_its_own_script():
    drawn = {lang: symbol_svg(f"language-{lang}") for lang in supported()}
    assert len(set(drawn.values())) == len(drawn)  # Arabic and Urdu both begin with alif, yet differ
    assert ">ار</text>" in drawn["ur"] and ">ال</text>" in drawn["ar"] and 'direction="rtl"' in drawn["ar"]
    assert ">বাংলা</text>" in drawn["bn"]  # letters keep their vowel signs
    assert symbol_svg("language-xx") is None and symbol_svg("face-happy") is None
