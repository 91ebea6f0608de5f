"""The termly report's charts, drawn with matplotlib as PNG and SVG: readable in greyscale and by people with
colour-vision deficiency (Okabe and Ito's palette, and a hatch as well as a colour for every series), each with
its alt text. A suppressed figure is not drawn; its place says "fewer than N"."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

from bot.reports.termly import Share, TermReport
from bot.surveys.loading import PFA_OUTCOMES

# Okabe & Ito (2008), safe for every common colour-vision deficiency; hatches for greyscale print
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
HATCHES = ("", "//", "..", "xx", "\\\\", "oo", "--")
SCALE_COLOURS = ("#D55E00", "#E69F00", "#F0E442", "#56B4E9", "#0072B2")  # 1 (no, never) to 5 (yes, always)
ROLE_NAMES = {"young_person": "Young people", "parent_carer": "Parents and carers"}


def wrapped(label: str) -> str:
    """An area's name on lines short enough to leave the bars room."""
    return "\n".join(textwrap.wrap(label, 28, max_lines=3, placeholder="..."))


@dataclass
class Chart:
    name: str
    title: str
    alt: str
    png: bytes
    svg: str


def _draw(name: str, title: str, alt: str, plot: Callable[[object], None], height: float) -> Chart:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with plt.rc_context({"svg.fonttype": "none", "font.size": 11, "hatch.color": "#222222",
                         "svg.hashsalt": name}):  # text stays text in the SVG; the same figures, the same file
        figure, axes = plt.subplots(figsize=(10, height), dpi=110)
        try:
            plot(axes)
            axes.set_title(title, loc="left", fontsize=13)
            axes.spines[["top", "right"]].set_visible(False)
            figure.tight_layout()
            png, svg = io.BytesIO(), io.StringIO()
            figure.savefig(png, format="png", metadata={"Software": None})
            figure.savefig(svg, format="svg", metadata={"Date": None})
        finally:
            plt.close(figure)
    return Chart(name, title, alt, png.getvalue(), svg.getvalue())


def said(share: Share, min_count: int) -> str:
    """A share as the report writes it: "63%", "fewer than 5" or "no answers"."""
    if share.suppressed:
        return f"fewer than {min_count}"
    return "no answers" if share.percent is None else f"{share.percent:.0f}%"


def _bars(axes: object, labels: list[str], series: list[tuple[str, list[Share]]], min_count: int) -> None:
    """Horizontal bars of the share positive, one group per label and one bar per series, with Wilson intervals;
    a suppressed or empty bar is written, not drawn."""
    ax = axes  # matplotlib's Axes
    width = 0.8 / len(series)
    for s, (name, shares) in enumerate(series):
        for i, share in enumerate(shares):
            y = i + s * width
            if share.percent is None:
                ax.text(1, y, said(share, min_count), va="center", fontsize=9)  # type: ignore[attr-defined]
                continue
            low, high = share.interval or (share.percent, share.percent)
            ax.barh(y, share.percent, height=width, color=COLOURS[s % len(COLOURS)],  # type: ignore[attr-defined]
                    hatch=HATCHES[s % len(HATCHES)], edgecolor="#222222",
                    xerr=[[share.percent - low], [high - share.percent]], capsize=3,
                    label=name if i == next(k for k, x in enumerate(shares) if x.percent is not None) else None)
            ax.text(min(high + 2, 101), y, f"{share.percent:.0f}%", va="center", fontsize=9)  # type: ignore
    ax.set_yticks([i + width * (len(series) - 1) / 2 for i in range(len(labels))])  # type: ignore[attr-defined]
    ax.set_yticklabels([wrapped(label) for label in labels])  # type: ignore[attr-defined]
    ax.invert_yaxis()  # type: ignore[attr-defined]
    ax.set_xlim(0, 110)  # type: ignore[attr-defined]
    ax.set_xlabel("Answers that were 4 or 5 (mostly, or yes always), with 95% intervals")  # type: ignore
    if any(s.percent is not None for _, shares in series for s in shares):
        ax.legend(loc="lower right", frameon=False)  # type: ignore[attr-defined]


def _alt_bars(what: str, labels: list[str], series: list[tuple[str, list[Share]]], min_count: int) -> str:
    parts = []
    for name, shares in series:
        figures = ", ".join(f"{label} {said(share, min_count)}" for label, share in zip(labels, shares, strict=True))
        parts.append(f"{name}: {figures}")
    return f"Bar chart of {what}. " + "; ".join(parts) + ". The table below gives the same figures."


def area_chart(report: TermReport) -> Chart:
    """This term's share positive in each outcome area, young people beside parents."""
    labels = [a.name for a in report.survey.areas]
    roles = [str(r) for r in report.survey.roles]
    series = [(ROLE_NAMES[r], [report.areas[(a.id, r, report.term)] for a in report.survey.areas]) for r in roles]
    what = f"the share of positive answers in each outcome area, {report.term}"
    return _draw("areas", f"Positive answers by outcome area, {report.term}", _alt_bars(what, labels, series,
                 report.min_count), lambda ax: _bars(ax, labels, series, report.min_count), 1.2 + 0.8 * len(labels))


def trend_chart(report: TermReport, role: str) -> Chart:
    """The share positive in each outcome area this term beside the terms before it, for one role."""
    labels = [a.name for a in report.survey.areas]
    series = [(t, [report.areas[(a.id, role, t)] for a in report.survey.areas]) for t in report.terms]
    what = f"the share of positive answers from {ROLE_NAMES[role].lower()}, this term beside earlier terms"
    return _draw(f"trend-{role}", f"{ROLE_NAMES[role]}: this term beside earlier terms",
                 _alt_bars(what, labels, series, report.min_count),
                 lambda ax: _bars(ax, labels, series, report.min_count), 1.2 + 0.9 * len(labels))


def distribution_chart(report: TermReport, role: str) -> Chart:
    """Every answer to each area this term, 1 to 5, as a share of the answers; hidden cells are left out."""
    areas = report.survey.areas
    labels = [c.label for c in report.survey.scale]
    shares = [report.areas[(a.id, role, report.term)] for a in areas]

    def plot(ax: object) -> None:
        for i, share in enumerate(shares):
            cells = share.cells()
            if share.percent is None:
                ax.text(1, i, said(share, report.min_count), va="center", fontsize=9)  # type: ignore[attr-defined]
                continue
            left = 0.0
            for v in range(1, 6):
                n = cells[str(v)]
                width = 100 * (n or 0) / share.answers
                ax.barh(i, width, left=left, color=SCALE_COLOURS[v - 1], hatch=HATCHES[v - 1],  # type: ignore
                        edgecolor="#222222", label=labels[v - 1] if i == 0 else None)
                left += width
        ax.set_yticks(range(len(areas)))  # type: ignore[attr-defined]
        ax.set_yticklabels([wrapped(a.name) for a in areas])  # type: ignore[attr-defined]
        ax.invert_yaxis()  # type: ignore[attr-defined]
        ax.set_xlim(0, 100)  # type: ignore[attr-defined]
        ax.set_xlabel("Share of the answers (%); cells from fewer than "  # type: ignore[attr-defined]
                      f"{report.min_count} are left out")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=5, frameon=False)  # type: ignore

    alt = (f"Stacked bar chart of every answer from {ROLE_NAMES[role].lower()} in each outcome area, "
           f"{report.term}, from {labels[0]} to {labels[-1]}. The table below gives the same figures.")
    return _draw(f"distribution-{role}", f"{ROLE_NAMES[role]}: every answer, {report.term}", alt, plot,
                 1.8 + 0.7 * len(areas))


def pfa_chart(report: TermReport) -> Chart:
    from bot.reports.codebook import PFA_LABELS

    labels = [PFA_LABELS[o] for o in PFA_OUTCOMES]
    series = [("Every survey", [report.pfa[o] for o in PFA_OUTCOMES])]
    what = f"the share of positive answers for each Preparing for Adulthood outcome, every survey, {report.term}"
    return _draw("pfa", f"Preparing for Adulthood outcomes, every survey, {report.term}",
                 _alt_bars(what, labels, series, report.min_count),
                 lambda ax: _bars(ax, labels, series, report.min_count), 1.2 + 0.7 * len(labels))


def charts(report: TermReport) -> list[Chart]:
    roles = [str(r) for r in report.survey.roles]
    return [area_chart(report), *(trend_chart(report, r) for r in roles),
            *(distribution_chart(report, r) for r in roles), pfa_chart(report)]
