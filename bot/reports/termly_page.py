"""The termly report as one self-contained HTML page (its charts inside it, each with alt text and the table
behind it), and its charts beside it as PNG and SVG files."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import datetime, timezone
from functools import partial
from html import escape
from pathlib import Path

from babel import Locale

from bot.reports.charts import ROLE_NAMES, Chart, charts, said
from bot.reports.codebook import CHANNEL_LABELS, PFA_LABELS
from bot.reports.export_files import write_atomically
from bot.reports.indicators import Tally
from bot.reports.termly import Share, TermReport, wilson
from bot.surveys.loading import PFA_OUTCOMES

STYLE = """
body { font-family: Arial, Helvetica, sans-serif; color: #0b0c0c; margin: 0 auto; max-width: 60rem;
       padding: 1rem; line-height: 1.45; }
h1 { font-size: 2rem; } h2 { margin-top: 2.5rem; border-top: 2px solid #0b0c0c; padding-top: 1rem; }
table { border-collapse: collapse; margin: 1rem 0; width: 100%; font-size: 0.95rem; }
caption { text-align: left; font-weight: bold; padding: 0.5rem 0; }
th, td { border: 1px solid #505a5f; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
thead th { background: #f3f2f1; }
figure { margin: 1rem 0; } img { max-width: 100%; height: auto; border: 1px solid #b1b4b6; }
.wrap { overflow-x: auto; } .wrap:focus { outline: 3px solid #ffdd00; box-shadow: 0 0 0 6px #0b0c0c; }
"""


def _name(lang: str) -> str:
    try:
        return f"{Locale.parse(lang).get_display_name('en')} ({lang})"
    except ValueError:
        return lang


def _cell(count: int | None, min_count: int) -> str:
    return f"fewer than {min_count}" if count is None else str(count)


def _interval(share: Share) -> str:
    found = share.interval
    return "" if found is None else f"{found[0]:.0f}% to {found[1]:.0f}%"


def _figure(chart: Chart) -> str:
    data = base64.b64encode(chart.svg.encode("utf-8")).decode("ascii")
    return (f'<figure><img src="data:image/svg+xml;base64,{data}" alt="{escape(chart.alt)}" width="900">'
            f"<figcaption>{escape(chart.title)} (also <a href=\"{chart.name}.png\">PNG</a> and "
            f"<a href=\"{chart.name}.svg\">SVG</a>)</figcaption></figure>")


def _table(caption: str, head: list[str], rows: list[list[str]], numeric_from: int = 1) -> str:
    # a wide table scrolls on its own at 320 px, and can be scrolled from the keyboard
    out = [f'<div class="wrap" role="region" tabindex="0" aria-label="{escape(caption)}"><table>'
           f"<caption>{escape(caption)}</caption><thead><tr>"]
    out += [f'<th scope="col">{escape(h)}</th>' for h in head]
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append(f'<tr><th scope="row">{escape(row[0])}</th>')
        out += [f'<td class="{"n" if i >= numeric_from else ""}">{escape(c)}</td>' for i, c in enumerate(row[1:], 1)]
        out.append("</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def _share_row(label: str, share: Share, min_count: int) -> list[str]:
    cells = share.cells()
    shown = [_cell(cells[k], min_count) for k in ("1", "2", "3", "4", "5", "skipped", "dont_know")]
    respondents = f"fewer than {min_count}" if share.suppressed else str(share.respondents)
    return [label, respondents, said(share, min_count), "" if share.suppressed else _interval(share), *shown]


SHARE_HEAD = ["group", "respondents", "positive (4-5)", "95% interval", "1", "2", "3", "4", "5", "skipped",
              "don't know"]


def _heard(report: TermReport) -> str:
    heard, m = report.heard, report.min_count
    total = f"fewer than {m}" if heard.suppressed_total else str(heard.total)
    parts = [f"<p>{escape(total)} respondents (sessions) answered at least one question of this survey in "
             f"{escape(report.term)}. Groups of fewer than {m} are not shown, nor the next smallest beside a lone "
             "one, so none can be worked out from the total.</p>"]
    names: dict[str, Callable[[str], str]] = {"role": lambda k: ROLE_NAMES.get(k, k), "language": _name,
                                              "channel": lambda k: CHANNEL_LABELS.get(k, k)}
    for dimension, counts in heard.by.items():
        rows = [[names[dimension](k), _cell(n, m)] for k, n in counts.items()]
        parts.append(_table(f"Respondents by {dimension}, {report.term}", [dimension, "respondents"], rows))
    return "".join(parts)


def _indicator_row(t: Tally, min_count: int) -> list[str]:
    role = ROLE_NAMES.get(t.role, "Everyone")
    if t.suppressed:
        return [t.indicator, role, t.text, f"fewer than {min_count}", "", ""]
    if t.measure == "free_text_themes":
        return [t.indicator, role, t.text, f"{t.free_text_answers} comments to theme", "", ""]
    low, high = wilson(t.respondents_positive, t.respondents) if t.respondents else (0.0, 0.0)
    value = (f"{t.respondents_positive} of {t.respondents}" if t.measure == "count_positive"
             else f"{t.percent_respondents_positive}%")
    return [t.indicator, role, t.text, value, str(t.respondents), f"{100 * low:.0f}% to {100 * high:.0f}%"]


def _linked(report: TermReport) -> str:
    """Where a parent and their own child both agreed to be linked (through the council's invitation), each area
    as the young people and their parents answered it."""
    m = report.min_count
    rows = []
    for area in report.survey.areas:
        young, parents, families = report.linked.get(area.id, (Share(), Share(), 0))
        shown = f"fewer than {m}" if 0 < families < m else str(families)
        rows.append([area.name, shown, said(young, m), "" if young.suppressed else _interval(young),
                     said(parents, m), "" if parents.suppressed else _interval(parents)])
    if not any(families for _, _, families in report.linked.values()):
        return ("<p>No family has linked a young person's answers with their parent's this term. A family is linked "
                "when the council's invitation names it and both the young person and the parent agree.</p>")
    return ("<p>Only families where the young person and their own parent or carer both agreed to be linked, and "
            "both answered the area.</p>" + _table(
                f"Linked families, {report.term}", ["outcome area", "families", "young people positive",
                                                    "95% interval", "parents positive", "95% interval"], rows))


def page(report: TermReport, drawn: list[Chart]) -> str:
    survey, m = report.survey, report.min_count
    by_name = {c.name: c for c in drawn}
    body = [f"<h1>{escape(survey.title)}: {escape(report.term)}</h1>",
            f"<p>{escape(survey.framework)}. Made {datetime.now(timezone.utc):%d %B %Y} by SayIt from the coded "
            f"answers. Positive means an answer of 4 (mostly) or 5 (yes, always). Intervals are 95% Wilson score "
            f"intervals. Any figure drawn from fewer than {m} respondents shows as \"fewer than {m}\".</p>",
            '<h2 id="heard">Who was heard</h2>', _heard(report),
            '<h2 id="areas">Outcome areas</h2>', _figure(by_name["areas"])]
    roles = [str(r) for r in survey.roles]
    for area in survey.areas:
        rows = [_share_row(f"{ROLE_NAMES[r]}, {t}", report.areas[(area.id, r, t)], m) for r in roles
                for t in report.terms]
        body.append(_table(f"{area.name} ({area.id})", SHARE_HEAD, rows))
    body.append('<h2 id="terms">This term beside earlier terms</h2>')
    body += [_figure(by_name[f"trend-{r}"]) for r in roles]
    body.append('<h2 id="distribution">Every answer</h2>')
    body += [_figure(by_name[f"distribution-{r}"]) for r in roles]
    body.append('<h2 id="indicators">Framework indicators</h2>')
    rows = [_indicator_row(t, m) for t in report.indicators.tallies]
    body.append(_table(f"Indicators, {report.term}", ["indicator", "who", "what it measures", "value",
                                                      "respondents", "95% interval"], rows, numeric_from=3)
                if rows else "<p>No indicator was answered this term.</p>")
    body += ['<h2 id="families">Young people beside their own parents</h2>', _linked(report)]
    body += ['<h2 id="pfa">Preparing for Adulthood, every survey</h2>', _figure(by_name["pfa"]),
             _table(f"Preparing for Adulthood outcomes, every survey, {report.term}", SHARE_HEAD,
                    [_share_row(PFA_LABELS[o], report.pfa[o], m) for o in PFA_OUTCOMES])]
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{escape(survey.title)}: {escape(report.term)} report</title><style>{STYLE}</style></head>"
            f"<body><main>{''.join(body)}</main></body></html>\n")


def write_report(report: TermReport, out: Path) -> list[Path]:
    """The page and each chart's PNG and SVG into the folder `out`, each file complete or absent."""
    drawn = charts(report)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for chart in drawn:
        for suffix, data in ((".png", chart.png), (".svg", chart.svg.encode("utf-8"))):
            path = out / f"{chart.name}{suffix}"
            write_atomically(path, partial(Path.write_bytes, data=data))
            written.append(path)
    html = out / "report.html"
    write_atomically(html, lambda p: p.write_text(page(report, drawn), encoding="utf-8"))
    return [html, *written]
