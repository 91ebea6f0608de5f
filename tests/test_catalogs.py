"""Translation catalogs (bot/catalogs/files.py, `sayit catalogs`): extraction from the code and the survey files,
compiling, the translator's checks, and the bot speaking each language through Babel."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.catalogs import files as catalogs
from bot.dialogue.conversation import Conversation
from bot.dialogue.incoming import Incoming
from bot.settings import Settings
from bot.store.survey_store import SurveyStore
from bot.surveys.loading import load_surveys
from bot.translation.messages import (
    ASK_AGE,
    BREAK_LABEL,
    CARRY_ON_LABEL,
    DONT_KNOW_LABEL,
    FREE_TEXT_HINT,
    HELP_LABEL,
    RATHER_NOT_SAY_LABEL,
    ROLE_LABELS,
    SCALE_HINT,
    SKIP_LABEL,
    STOP_LABEL,
    SUMMARY_COUNT,
    WELCOME,
    YOUNG_PERSON,
)
from bot.translation.rtl import without_bidi_controls
from bot.translation.speaker import Speaker, reader_of
from bot.understanding.lexicon import available_languages
from bot.understanding.reading import code_reply, code_role, wants_to_carry_on

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def template():
    return catalogs.read_catalog(catalogs.TEMPLATE)


def test_every_language_understood_has_a_catalog_and_every_catalog_a_word_list():
    assert set(catalogs.catalog_languages()) == set(available_languages())
    assert len(catalogs.catalog_languages()) == 8


def test_the_template_holds_every_message_and_every_survey_wording(template, tmp_path, monkeypatch):
    ids = {m.id for m in template}
    for survey in load_surveys().values():
        for q in survey.questions:
            for wording in (q.seed, q.plain, q.easy_read, q.help, q.summary):
                assert wording in ids, (survey.id, q.id, wording)
    assert WELCOME in ids and SUMMARY_COUNT in ids  # a plural message keeps both English forms
    assert "Yes, always" in ids  # the answer scale's labels
    # the committed template is what extraction makes now: changed wording has reached the translators
    monkeypatch.setattr(catalogs, "TEMPLATE", tmp_path / "sayit.pot")
    fresh = catalogs.extract()
    assert {m.id for m in fresh} == ids, "run `sayit catalogs extract` and commit locales/"


def test_each_reader_has_their_own_entries(template):
    """A message said to whoever is answering comes twice (polite, and a young person's form); a young person's
    survey wordings are in the young person's context, so a wording a parent's question shares is its own entry."""
    hint = {m.context: m for m in template if m.id == FREE_TEXT_HINT}
    assert set(hint) == {None, YOUNG_PERSON}
    assert catalogs.POLITE in " ".join(hint[None].auto_comments)
    assert catalogs.INFORMAL in " ".join(hint[YOUNG_PERSON].auto_comments)
    assert template.get("Do you feel safe online?", YOUNG_PERSON) is not None
    assert template.get("Do you feel safe online?") is None
    shared = "what you would like in the future"  # the summary of a young person's and of a parent's question
    assert template.get(shared) is not None and template.get(shared, YOUNG_PERSON) is not None
    assert template.get("I feel safe online") is not None  # the framework's seed is said to no one
    assert catalogs.BY_SMS in " ".join(template.get(SCALE_HINT.text, YOUNG_PERSON).auto_comments)
    assert template.get(ASK_AGE["young_person"], YOUNG_PERSON) is not None and template.get(
        ASK_AGE["young_person"]) is None


@pytest.mark.parametrize("lang", catalogs.catalog_languages()[1:])
def test_each_catalog_says_how_much_a_fluent_speaker_has_checked(lang):
    status = catalogs.check(lang)
    header = catalogs.read_catalog(catalogs.po_path(lang), lang).header_comment
    assert f"# Checked by a fluent speaker: {status.reviewed} of {status.total} entries" in header


def test_the_readme_says_how_much_of_each_language_a_fluent_speaker_has_checked():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for lang in catalogs.catalog_languages()[1:]:
        status = catalogs.check(lang)
        assert f"| {lang} | {status.name} | {status.reviewed} of {status.total} |" in readme, lang


def test_a_plural_form_for_one_number_may_leave_the_count_out_and_no_other(tmp_path, monkeypatch):
    """Arabic says "two questions" with the dual alone; Polish "3 pytania" needs its number."""
    sources = {lang: catalogs.po_path(lang).read_bytes() for lang in ("ar", "pl")}
    monkeypatch.setattr(catalogs, "LOCALE_DIR", tmp_path)
    for lang, form, ok in (("ar", 2, True), ("ar", 1, True), ("ar", 3, False), ("pl", 0, True), ("pl", 1, False)):
        po = tmp_path / lang / "LC_MESSAGES" / "sayit.po"
        po.parent.mkdir(parents=True, exist_ok=True)
        po.write_bytes(sources[lang])
        catalog = catalogs.read_catalog(po, lang)
        entry = catalog.get(SUMMARY_COUNT)
        forms = list(entry.string)
        forms[form] = "x"
        entry.string = tuple(forms)
        catalogs.write_catalog(catalog, po)
        refused = " | ".join(SUMMARY_COUNT) in catalogs.check(lang).placeholders
        assert refused is not ok, (lang, form)


@pytest.mark.parametrize("lang", catalogs.catalog_languages()[1:])
def test_each_catalog_compiles_and_keeps_the_placeholders(lang):
    assert catalogs.compile_all([lang])[lang] > 0
    status = catalogs.check(lang)
    assert status.placeholders == [], status.placeholders
    assert not status.missing, "run `sayit catalogs extract`"


@pytest.mark.parametrize("lang", catalogs.catalog_languages()[1:])
def test_every_catalog_is_complete(lang, template):
    """Every message and every survey wording translated in every supported language, none waiting for a look."""
    status = catalogs.check(lang, template)
    assert status.complete, (lang, status.untranslated[:3], status.fuzzy[:3], status.placeholders[:3])


def test_compiling_refuses_a_placeholder_unlike_the_english_but_not_a_percent_seed(tmp_path, monkeypatch):
    po = tmp_path / "pl" / "LC_MESSAGES" / "sayit.po"
    po.parent.mkdir(parents=True)
    po.write_bytes(catalogs.po_path("pl").read_bytes())
    monkeypatch.setattr(catalogs, "LOCALE_DIR", tmp_path)
    catalog = catalogs.read_catalog(po, "pl")
    seed = next(m for m in catalog if isinstance(m.id, str) and m.id.startswith("% families"))
    seed.string = "% rodzin, które ..."  # Babel's %-format check would call "% f" and "% r" a mismatch
    catalogs.write_catalog(catalog, po)
    assert catalogs.compile_all(["pl"])["pl"] > 0
    catalog.get("Skip").string = "Pomiń {n}"
    catalogs.write_catalog(catalog, po)
    with pytest.raises(ValueError, match="placeholders unlike the English"):
        catalogs.compile_all(["pl"])


def test_the_translators_check_lists_what_is_left_and_changed(tmp_path, monkeypatch, template):
    po = tmp_path / "pl" / "LC_MESSAGES" / "sayit.po"
    po.parent.mkdir(parents=True)
    po.write_bytes(catalogs.po_path("pl").read_bytes())
    monkeypatch.setattr(catalogs, "LOCALE_DIR", tmp_path)
    catalog = catalogs.read_catalog(po, "pl")
    catalog.get("Skip").string = "Pomiń {n}"  # a placeholder the English does not have
    catalog.get("Help").string = ""
    catalogs.write_catalog(catalog, po)
    status = catalogs.check("pl", template)
    assert "Skip" in status.placeholders and "Help" in status.untranslated and not status.complete
    assert not status.checked_by_fluent_speaker  # said in the header comment, and the bot runs it anyway
    # the English of a message changes: the translation is kept but marked for a look, with the old English
    changed = catalogs.read_catalog(catalogs.TEMPLATE)
    old = changed.get("Take a break")
    changed.delete("Take a break")
    changed.add("Have a break", locations=old.locations)
    catalogs.update(changed, ["pl"])
    status = catalogs.check("pl", changed)
    assert "Have a break" in status.fuzzy
    assert "#| msgid \"Take a break\"" in po.read_text(encoding="utf-8")


def test_the_check_command_says_what_is_left_and_fails_until_done():
    result = subprocess.run([sys.executable, "-m", "bot.cli", "catalogs", "check", "--lang", "cy", "--list"],
                            capture_output=True, text=True, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                            timeout=120)
    assert "cy (Cymraeg):" in result.stdout and "not yet checked by a fluent speaker" in result.stdout
    status = catalogs.check("cy")
    assert result.returncode == (0 if status.complete else 1)
    if status.untranslated:
        assert f"untranslated: {status.untranslated[0]}" in result.stdout


@pytest.mark.parametrize("lang,reader,n,expected", [
    ("en", "young_person", 1, "You answered 1 question."), ("en", "adult", 12, "You answered 12 questions."),
    ("pl", "young_person", 3, "Masz za sobą 3 pytania."), ("pl", "young_person", 12, "Masz za sobą 12 pytań."),
    ("pl", "adult", 3, "Udzielono odpowiedzi na 3 pytania."), ("uk", "young_person", 21, "Відповідей: 21."),
    ("ro", "young_person", 20, "Ai răspuns la 20 de întrebări."), ("ro", "adult", 1, "Ați răspuns la 1 întrebare."),
    ("cy", "young_person", 2, "Fe atebaist ti 2 gwestiwn."), ("cy", "adult", 2, "Fe ateboch chi 2 gwestiwn."),
    ("ar", "young_person", 11, "أجبت عن 11 سؤالًا."), ("ar", "adult", 2, "أجبت عن سؤالين."),  # the dual says two
])
def test_plurals_come_from_each_languages_own_rules(lang, reader, n, expected):
    assert without_bidi_controls(Speaker(lang, reader).say_n(SUMMARY_COUNT, n)) == expected


def test_a_deployment_in_another_language_greets_in_it(tmp_path):
    db = f"sqlite:///{tmp_path}/s.db"
    store = SurveyStore.open(db)
    talk = Conversation(store, load_surveys(), Settings(db, b"k" * 20, "shropshire_annual_review", "pl"))
    asked = talk.handle(Incoming("rest", "someone", "cześć"))
    assert asked[0].text.startswith("W jakim języku prowadzić rozmowę?")  # polite: who is answering is not known
    opening = talk.handle(Incoming("rest", "someone", "tak"))  # "yes": the language it offered first
    assert opening[0].text.startswith("Dzień dobry! Jestem SayIt.")
    assert [b["title"] for b in opening[2].buttons][:2] == ["Ja, młoda osoba", "Rodzic lub opiekun"]
    store.close()


@pytest.mark.parametrize("lang", catalogs.catalog_languages())
def test_every_scale_label_as_translated_is_understood_when_typed(lang, surveys):
    """A person who types the word they see on a button gets the point it stands for."""
    speaker = Speaker(lang)
    for survey in surveys.values():
        for choice in survey.scale:
            assert code_reply(speaker.say(choice.label), lang).value == choice.value, (lang, choice.label)


@pytest.mark.parametrize("lang", catalogs.catalog_languages()[1:])
def test_every_wording_of_every_survey_is_said_in_every_language(lang, surveys):
    for survey in surveys.values():
        for question in survey.questions:
            speaker = Speaker(lang, reader_of(question.role))
            for field in ("seed", "plain", "easy_read", "help", "summary"):
                english = getattr(question, field)
                assert speaker.say(english) != english, (lang, question.id, field)


@pytest.mark.parametrize("lang", catalogs.catalog_languages())
def test_every_button_label_as_translated_is_understood_when_typed(lang):
    """A person who types what a button says (in Telegram, or remembering it) gets what the button does."""
    speaker = Speaker(lang)
    for role, label in ROLE_LABELS.items():
        assert code_role(speaker.say(label), lang, list(ROLE_LABELS)) == role, (lang, label)
    assert code_reply(speaker.say(STOP_LABEL), lang).control == "stop"
    assert code_reply(speaker.say(BREAK_LABEL), lang).control == "pause"
    assert code_reply(speaker.say(HELP_LABEL), lang).control == "help"
    assert code_reply(speaker.say(SKIP_LABEL), lang).status == "skipped"
    assert code_reply(speaker.say(DONT_KNOW_LABEL), lang).status == "dont_know"
    assert code_reply(speaker.say(RATHER_NOT_SAY_LABEL), lang, "free_text").status in ("skipped", "dont_know")
    assert wants_to_carry_on(speaker.say(CARRY_ON_LABEL), lang) is True
