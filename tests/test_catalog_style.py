"""Each language's house style (bot/catalogs/style.py, locales/<lang>/style.yml): the register for young people
and for adults, one term for one thing, and wordings refused, checked on every entry of the catalog."""

import pytest

from bot.catalogs import files as catalogs
from bot.catalogs import style as catalog_style
from bot.catalogs.entries import channel_of, forms_of, reader_of
from bot.catalogs.style import StyleError, load_style, style_problems

LANGS = catalogs.catalog_languages()[1:]


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_says_how_it_addresses_young_people_and_adults(lang):
    style = load_style(lang)
    assert style is not None, f"write locales/{lang}/style.yml"
    assert style.register.get("young_person") and style.register.get("adult")
    assert style.glossary, "name the terms this language uses for SEND things"
    assert {"young person", "SMS"} <= {rule.scope for rule in style.refuse} or {"adult", "SMS"} <= {
        rule.scope for rule in style.refuse}


@pytest.mark.parametrize("lang", LANGS)
def test_every_rule_catches_its_own_example_wherever_it_applies(lang):
    """No rule that can never fail: each one's example, planted in an entry it covers, is reported."""
    catalog = catalogs.read_catalog(catalogs.po_path(lang), lang)
    for rule in load_style(lang).refuse:
        assert rule.example and rule.pattern.search(rule.example), (lang, rule.pattern.pattern, rule.example)
        entry = next(e for e in catalog if e.id and isinstance(e.id, str) and catalog_style._in_scope(e, rule.scope))
        kept = entry.string
        entry.string = rule.example
        assert any(rule.why in problem for problem in style_problems(catalog, lang)), (lang, rule.example)
        entry.string = kept


@pytest.mark.parametrize("lang", LANGS)
def test_every_glossary_term_is_used_and_a_translation_without_it_is_reported(lang):
    template = catalogs.read_catalog(catalogs.TEMPLATE)
    catalog = catalogs.read_catalog(catalogs.po_path(lang), lang)
    for term in load_style(lang).glossary:
        uses = [e for e in template if e.id and term.english.search(e.id if isinstance(e.id, str) else e.id[0])]
        assert uses, f"{lang}: no English entry has \"{term.words}\"; drop it from the glossary"
        entry = catalog.get(uses[0].id, uses[0].context)
        kept = entry.string
        entry.string = "x" if isinstance(kept, str) else tuple("x" for _ in kept)
        assert any(f"term for \"{term.words}\"" in p for p in style_problems(catalog, lang)), (lang, term.words)
        entry.string = kept


def test_the_scopes_are_the_readers_and_the_channel():
    catalog = catalogs.read_catalog(catalogs.po_path("pl"), "pl")
    entries = [e for e in catalog if e.id]
    young = [e for e in entries if catalog_style._in_scope(e, "young person")]
    adult = [e for e in entries if catalog_style._in_scope(e, "adult")]
    sms = [e for e in entries if catalog_style._in_scope(e, "SMS")]
    assert young and adult and len(young) + len(adult) == len(entries)
    assert {reader_of(e) for e in young} == {"young person"}
    assert sms and all(channel_of(e) != "screen" for e in sms) and len(sms) < len(entries)
    assert all(all(forms_of(e)) for e in entries)


def test_a_style_file_with_an_unknown_scope_is_refused_with_where(tmp_path, monkeypatch):
    (tmp_path / "pl").mkdir()
    (tmp_path / "pl" / "style.yml").write_text(
        "register: {young_person: ty, adult: impersonal}\nrefuse:\n  - {pattern: 'x', in: parents, why: typo}\n",
        encoding="utf-8")
    monkeypatch.setattr(catalog_style, "LOCALE_DIR", tmp_path)
    load_style.cache_clear()
    try:
        with pytest.raises(StyleError, match="refuse entry .*: `in` must be one of"):
            load_style("pl")
    finally:
        load_style.cache_clear()


def test_a_glossary_term_can_ask_for_the_english_exactly_as_written(tmp_path, monkeypatch):
    """"SEND" (special educational needs and disabilities) is not the "Send" button."""
    (tmp_path / "pl").mkdir()
    (tmp_path / "pl" / "style.yml").write_text(
        "register: {young_person: ty, adult: impersonal}\n"
        "glossary:\n  - {english: SEND, term: 'SPECJALNE', case_sensitive: true}\n", encoding="utf-8")
    monkeypatch.setattr(catalog_style, "LOCALE_DIR", tmp_path)
    load_style.cache_clear()
    try:
        catalog = catalogs.read_catalog(catalogs.po_path("pl"), "pl")
        problems = style_problems(catalog, "pl")
        assert problems and all("'Send'" not in p for p in problems)  # the button is not held to the term
        assert any("SEND" in p.split(":")[0] for p in problems)
    finally:
        load_style.cache_clear()
