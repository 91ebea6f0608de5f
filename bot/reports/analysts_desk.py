"""What the analysts' page (channels/analysts_page.py) does for a signed-in analyst, apart from HTTP: which surveys
and terms there are to choose from, the termly report as a page, and an export as a file, each download logged
with who and when (never the data). The words people typed are never offered here: the page's exports are the
coded answers (`sayit export --include-free-text` stays with whoever has the server).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from bot.accounts.downloads import log_download
from bot.accounts.staff_accounts import AnalystAccounts
from bot.reports.charts import charts
from bot.reports.export_files import FORMATS, export_to
from bot.reports.indicators import current_term, term_dates
from bot.reports.termly import EARLIER_TERMS, earlier_terms, term_span, termly
from bot.reports.termly_page import page
from bot.store.export_reads import ExportWhere
from bot.store.survey_store import SurveyStore, make_engine
from bot.surveys.loading import every_version, load_surveys
from bot.surveys.model import Survey

TERMS_SHOWN = 6  # this term and the five before it
MEDIA_TYPES = {"csv": "text/csv", "jsonl": "application/x-ndjson", "parquet": "application/vnd.apache.parquet",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "sav": "application/x-spss-sav"}


class NotOffered(ValueError):
    """A survey, term or format the page does not offer; the message says what is."""


@dataclass
class Chosen:
    survey: Survey
    term: str


class AnalystsDesk:
    def __init__(self, store: SurveyStore, accounts: AnalystAccounts):
        self.store, self.accounts = store, accounts
        self.surveys = load_surveys()
        self.versions = every_version(self.surveys)

    @classmethod
    def open(cls, url: str) -> AnalystsDesk:
        """Over the store's database, without migrating it (the action server brings the schema up to date)."""
        store = SurveyStore(make_engine(url))
        return cls(store, AnalystAccounts(store.engine))

    def terms(self, today: date | None = None) -> list[str]:
        now = current_term(today or datetime.now(timezone.utc).date())
        return [now, *earlier_terms(now, TERMS_SHOWN - 1)]

    def chosen(self, survey: object, term: object) -> Chosen:
        if not isinstance(survey, str) or survey not in self.surveys:
            raise NotOffered(f"Choose a survey from the list: {', '.join(sorted(self.surveys))}.")
        if not isinstance(term, str) or term not in self.terms():
            raise NotOffered(f"Choose a term from the list: {', '.join(self.terms())}.")
        return Chosen(self.surveys[survey], term)

    def report(self, analyst: int, survey: object, term: object) -> str:
        """The termly report's page, with its charts inside it."""
        chosen = self.chosen(survey, term)
        # every survey's answers, for the crosswalk, over this term and the ones the report shows beside it
        rows = self.store.report_rows(ExportWhere.days(*term_span(chosen.term, EARLIER_TERMS)))
        report = termly(rows, self.versions, chosen.survey, chosen.term)
        html = page(report, charts(report))
        log_download(self.store.engine, analyst, "report", chosen.survey.id, chosen.term)
        return html

    def export(self, analyst: int, survey: object, term: object, fmt: object, into: Path) -> tuple[Path, str]:
        """One term's coded answers to one survey as a file in `into`, and the name to give it."""
        chosen = self.chosen(survey, term)
        if not isinstance(fmt, str) or fmt not in FORMATS:
            raise NotOffered(f"Choose a format: {', '.join(FORMATS)}.")
        name = f"{chosen.survey.id}-{chosen.term}.{fmt}"
        path = into / name
        where = ExportWhere.days(*term_dates(chosen.term), surveys=(chosen.survey.id,))
        rows = export_to(self.store, self.versions, path, fmt, where, include_free_text=False,
                         said={"filters": {"survey": chosen.survey.id, "term": chosen.term},
                               "from": "the analysts' page"})
        log_download(self.store.engine, analyst, fmt, chosen.survey.id, chosen.term, rows)
        return path, name

    def scratch(self) -> tempfile.TemporaryDirectory[str]:
        """Where an export is made before it is sent: readable by this process alone, removed after."""
        return tempfile.TemporaryDirectory(prefix="sayit-analyst-")
