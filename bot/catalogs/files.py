"""The translation catalogs, managed with Babel: extract every message (code and survey files) into
`locales/sayit.pot`, update each language's `locales/<lang>/LC_MESSAGES/sayit.po` from it, compile `.mo` files (at
install time: they are never committed), and check what translators still have to do.

A language is supported when it has a catalog here and a word list in `bot/understanding/word_lists/`; adding one is
a data change. Each catalog's header comment says how many of its entries a fluent speaker has passed ("# Checked by
a fluent speaker: 12 of 663 entries", from the reviews `bot/catalogs/entries.py` keeps); the bot runs a catalog
either way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message, TranslationError
from babel.messages.checkers import num_plurals
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from bot.catalogs.entries import (
    english_of,
    forms_for_one_number,
    forms_of,
    placeholders_fit,
    refresh_checked_line,
    review_of,
)
from bot.catalogs.style import style_problems
from bot.settings import PROJECT_ROOT
from bot.translation import messages
from bot.translation.messages import YOUNG_PERSON
from bot.translation.speaker import DOMAIN, LOCALE_DIR, catalog_languages

TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
MAPPING = PROJECT_ROOT / "babel.cfg"
# the markers in bot/translation/messages.py, and gettext's pgettext(context, message) that the survey extractor yields
KEYWORDS = {"N_": None, "NA_": None, "NY_": None, "NP_": (1, 2), "NPA_": (1, 2), "pgettext": ((1, "c"), 2)}


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=lang, domain=DOMAIN)


def write_catalog(catalog: Catalog, path: Path) -> None:
    refresh_checked_line(catalog)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalog, width=116, sort_output=False, include_previous=True)


POLITE = ("Said to a parent or carer, an advocate, or someone before we know who is answering: the polite form "
          "of address where the language has one, and no form that assumes a man or a woman.")
INFORMAL = ("Said to a young person with SEND (aged about 8-25): the informal form of address, and no form that "
            "assumes a boy or a girl.")
BY_SMS = "Sent by SMS, where there is nothing to tap and no faces are shown."


def extract() -> Catalog:
    """Every message the bot can show, from the code and the survey files, written to the template. A message
    said to whoever is answering comes twice: the polite form (no context) and the young person's form."""
    from babel.messages.frontend import parse_mapping_cfg

    with MAPPING.open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    template = Catalog(project="SayIt", domain=DOMAIN, charset="utf-8", fuzzy=False,
                       creation_date=datetime.now(timezone.utc))
    for filename, lineno, message, comments, context in extract_from_dir(
            str(PROJECT_ROOT), method_map, options_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",),
            strip_comment_tags=True):
        english = message if isinstance(message, str) else message[0]
        notes = [*comments, BY_SMS] if english in messages.PLAIN_TEXT else list(comments)
        if english in messages.YOUNG_ONLY:
            context, notes = YOUNG_PERSON, [*notes, INFORMAL]
        elif english in messages.ADDRESSED:
            template.add(message, None, [(filename, lineno)], auto_comments=[*notes, INFORMAL], context=YOUNG_PERSON)
            notes = [*notes, POLITE]
        template.add(message, None, [(filename, lineno)], auto_comments=notes, context=context)
    write_catalog(template, TEMPLATE)
    return template


def new_catalog(lang: str) -> Catalog:
    name = Locale.parse(lang).get_display_name("en")
    return Catalog(locale=lang, domain=DOMAIN, project="SayIt", fuzzy=False,
                   header_comment=f"# SayIt's messages in {name}.\n# Checked by a fluent speaker: 0 of 0 entries")


def update(template: Catalog, langs: list[str]) -> None:
    """Bring each catalog up to date with the template: new messages untranslated, changed ones marked fuzzy
    with the previous English kept beside them, so a translator sees what changed."""
    for lang in langs:
        path = po_path(lang)
        catalog = read_catalog(path, lang) if path.exists() else new_catalog(lang)
        catalog.update(template, update_creation_date=False)
        catalog.obsolete.clear()  # the old English of a removed message helps no one
        write_catalog(catalog, path)


def compile_all(langs: list[str] | None = None) -> dict[str, int]:
    """Compile each catalog to its .mo file (fuzzy translations left out); return messages compiled a language."""
    compiled = {}
    for lang in langs or catalog_languages()[1:]:
        catalog = read_catalog(po_path(lang), lang)
        errors = _compile_errors(catalog)
        if errors:
            raise ValueError(f"{po_path(lang)} does not compile: {'; '.join(errors[:3])}")
        with po_path(lang).with_suffix(".mo").open("wb") as f:
            write_mo(f, catalog, use_fuzzy=False)
        compiled[lang] = sum(1 for m in catalog if m.id and m.string and not m.fuzzy)
    return compiled


def _compile_errors(catalog: Catalog) -> list[str]:
    """Wrong plural counts (Babel's own check) and {placeholders} unlike the English. Babel's %-format check is
    left out on purpose: SayIt formats with str.format only, and that check reads a seed such as
    "% families who report..." as a "% f" placeholder."""
    errors = []
    single = forms_for_one_number(catalog)
    for message in catalog:
        if not message.id or not any(forms_of(message)):
            continue
        try:
            num_plurals(catalog, message)
        except TranslationError as error:
            errors.append(f"{english_of(message)!r}: {error}")
        if _placeholders_differ(message, single):
            errors.append(f"{english_of(message)!r}: placeholders unlike the English ones")
    return errors


def _placeholders_differ(message: Message, one_number: frozenset[int]) -> bool:
    return any(f and not placeholders_fit(message.id, f, i in one_number) for i, f in enumerate(forms_of(message)))


@dataclass
class CatalogStatus:
    lang: str
    name: str
    total: int = 0
    reviewed: int = 0  # entries whose translation as it stands a fluent speaker has passed
    reviewers: dict[str, int] = field(default_factory=dict)  # who passed how many
    queried: list[str] = field(default_factory=list)  # a reviewer said what is wrong; not yet fixed
    untranslated: list[str] = field(default_factory=list)
    fuzzy: list[str] = field(default_factory=list)  # changed since translation, or guessed: needs a look
    placeholders: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # in the template but not yet in the catalog (run update)
    style: list[str] = field(default_factory=list)  # against the language's house style (locales/<lang>/style.yml)

    @property
    def checked_by_fluent_speaker(self) -> bool:
        return self.total > 0 and self.reviewed == self.total

    @property
    def complete(self) -> bool:
        return not (self.untranslated or self.fuzzy or self.placeholders or self.missing or self.style
                    or self.queried)


def check(lang: str, template: Catalog | None = None) -> CatalogStatus:
    """What a translator still has to do in one catalog."""
    template = template or read_catalog(TEMPLATE)
    catalog = read_catalog(po_path(lang), lang)
    status = CatalogStatus(lang, Locale.parse(lang).get_display_name(lang) or lang)
    single = forms_for_one_number(catalog)
    for wanted in template:
        if not wanted.id:
            continue
        status.total += 1
        message = catalog.get(wanted.id, wanted.context)
        english = english_of(wanted)
        if message is None:
            status.missing.append(english)
            continue
        review = review_of(message)
        if review is not None and review.verdict == "ok":
            status.reviewed += 1
            status.reviewers[review.reviewer] = status.reviewers.get(review.reviewer, 0) + 1
        elif review is not None:
            status.queried.append(f"{english} ({review.reviewer}: {review.note})")
        forms = forms_of(message)
        if not all(forms):
            status.untranslated.append(english)
        elif message.fuzzy:
            status.fuzzy.append(english)
        if _placeholders_differ(message, single):
            status.placeholders.append(english)
    status.style = style_problems(catalog, lang)
    return status
