"""The translation catalogs, managed with Babel: extract every message (code and survey files) into
`locales/sayit.pot`, update each language's `locales/<lang>/LC_MESSAGES/sayit.po` from it, compile `.mo` files
(at install time: they are never committed), and check what translators still have to do.

A language is supported when it has a catalog here and a word list in `bot/lexicon/`; adding one is a data change.
Each catalog's header comment says whether a fluent speaker has checked it ("# Checked by a fluent speaker: yes");
the bot runs a catalog either way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message, TranslationError
from babel.messages.checkers import num_plurals
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from bot.messages import DOMAIN, LOCALE_DIR, SOURCE_LANGUAGE
from bot.settings import PROJECT_ROOT

TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
MAPPING = PROJECT_ROOT / "babel.cfg"
KEYWORDS = {"N_": None, "NP_": (1, 2)}
CHECKED_MARK = re.compile(r"^# Checked by a fluent speaker: (yes|no)\b", re.MULTILINE)
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalog_languages() -> tuple[str, ...]:
    """Languages with a catalog, English (the source language, which needs none) first."""
    found = sorted(p.parts[-3] for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (SOURCE_LANGUAGE, *found)


def read_catalog(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=lang, domain=DOMAIN)


def write_catalog(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalog, width=116, sort_output=False, include_previous=True)


def extract() -> Catalog:
    """Every message the bot can show, from the code and the survey files, written to the template."""
    from babel.messages.frontend import parse_mapping_cfg

    with MAPPING.open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    template = Catalog(project="SayIt", domain=DOMAIN, charset="utf-8", fuzzy=False,
                       creation_date=datetime.now(timezone.utc))
    for filename, lineno, message, comments, context in extract_from_dir(
            str(PROJECT_ROOT), method_map, options_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",),
            strip_comment_tags=True):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    write_catalog(template, TEMPLATE)
    return template


def new_catalog(lang: str) -> Catalog:
    name = Locale.parse(lang).get_display_name("en")
    return Catalog(locale=lang, domain=DOMAIN, project="SayIt", fuzzy=False,
                   header_comment=f"# SayIt's messages in {name}.\n# Checked by a fluent speaker: no")


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
    for message in catalog:
        if not message.id or not any(forms_of(message)):
            continue
        try:
            num_plurals(catalog, message)
        except TranslationError as error:
            errors.append(f"{_english(message)!r}: {error}")
        if _placeholders_differ(message):
            errors.append(f"{_english(message)!r}: placeholders unlike the English ones")
    return errors


def _placeholders_differ(message: Message) -> bool:
    expected = set(PLACEHOLDER.findall(_english(message)))
    return any(f and set(PLACEHOLDER.findall(f)) != expected for f in forms_of(message))


def _english(message: Message) -> str:
    return message.id if isinstance(message.id, str) else " | ".join(message.id)


def forms_of(message: Message) -> list[str]:
    """A message's translation as a list of plural forms (one for a message without plurals)."""
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return [s or "" for s in strings]


@dataclass
class CatalogStatus:
    lang: str
    name: str
    checked_by_fluent_speaker: bool
    total: int = 0
    untranslated: list[str] = field(default_factory=list)
    fuzzy: list[str] = field(default_factory=list)  # changed since translation, or guessed: needs a look
    placeholders: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # in the template but not yet in the catalog (run update)

    @property
    def complete(self) -> bool:
        return not (self.untranslated or self.fuzzy or self.placeholders or self.missing)


def check(lang: str, template: Catalog | None = None) -> CatalogStatus:
    """What a translator still has to do in one catalog."""
    template = template or read_catalog(TEMPLATE)
    catalog = read_catalog(po_path(lang), lang)
    mark = CHECKED_MARK.search(catalog.header_comment or "")
    status = CatalogStatus(lang, Locale.parse(lang).get_display_name(lang) or lang,
                           bool(mark and mark.group(1) == "yes"))
    for wanted in template:
        if not wanted.id:
            continue
        status.total += 1
        message = catalog.get(wanted.id, wanted.context)
        english = _english(wanted)
        if message is None:
            status.missing.append(english)
            continue
        forms = forms_of(message)
        if not all(forms):
            status.untranslated.append(english)
        elif message.fuzzy:
            status.fuzzy.append(english)
        if _placeholders_differ(message):
            status.placeholders.append(english)
    return status
