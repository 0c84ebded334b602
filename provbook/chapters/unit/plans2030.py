"""The "Plans to 2030" section of a new province's chapter: the targets its 2025 Party congress
set (``data/plans_2030.csv``) as stated, and the gap to today (:mod:`provbook.analysis.plans`)."""

from __future__ import annotations

import math

import pandas as pd
from matplotlib.figure import Figure

from provbook import text as words
from provbook.analysis import plans as p
from provbook.chapters.province.tables import DownloadableTable
from provbook.chapters.unit.facts import OFFICE_SOURCE, UnitFacts, memo
from provbook.chapters.unit.tables import source_label
from provbook.datapackage import data
from provbook.draw import charts
from provbook.text import cite_p

#: Indicators the section sets against the statistics; the others are listed as stated.
COMPARED = (p.GROWTH, p.PER_CAPITA, p.SHARE)
TABLE_CAPTION = "Targets to 2030 found for the province's 2025 Party congress, as stated"


class NotesTable(DownloadableTable):
    """A plans table whose last column is a note in words: the table carries the class
    ``provbook-notes`` and book/_static/provbook.css keeps that column wide enough to read on a
    390 px phone (it shrank to a word or two a line while the short columns kept their width)."""

    CSS_CLASS = "provbook-notes"

    def _repr_html_(self) -> str:
        shown = super()._repr_html_()
        tag = '<table class="dataframe provbook">'
        if tag not in shown:  # the base class changed its markup: fail loudly, not unstyled
            raise ValueError(f"DownloadableTable's HTML no longer opens with {tag}")
        return shown.replace(tag, f'<table class="dataframe provbook {self.CSS_CLASS}">', 1)


def plans_table_rows(data_dir=None) -> pd.DataFrame:
    """plans_2030.csv, read once per chapter by the callers' memo."""
    return data.plans_2030(data_dir)


def unit_plans(facts: UnitFacts) -> p.UnitPlans:
    """The province's targets set against the office's figures (computed once a chapter)."""
    return memo(
        facts,
        ("plans2030",),
        lambda: p.unit_plans(plans_table_rows(facts.data_dir), facts.statistics_2025, facts.unit),
    )


def _when(row) -> str:
    if not pd.isna(row["year"]):
        return str(int(row["year"]))
    if not pd.isna(row["period_start"]) and not pd.isna(row["period_end"]):
        return f"{int(row['period_start'])}–{int(row['period_end'])}"
    return "not stated"


def _used(up: p.UnitPlans, row) -> str:
    """Whether the book's comparison uses the row, and why not (a later or firmer figure)."""
    if row["indicator"] not in COMPARED:
        return "listed only"
    same = up.rows[up.rows["indicator"] == row["indicator"]]
    if len(same) == 1:
        return "yes"
    chosen = p.chosen(up.rows, up.unit, row["indicator"])
    if chosen.target_id == row["target_id"]:
        return "yes (of several rows)"
    return f"no: the {p.STATUS_WORDS[chosen.status]} is used"


def plans_table(facts: UnitFacts) -> pd.DataFrame:
    """Every target row as stated: indicator, target with qualifier and unit, year or period,
    status, source (outlet and date), whether the comparison uses it."""
    up = unit_plans(facts)
    rows = []
    for row in up.rows.to_dict("records"):
        rows.append(
            {
                "Indicator": p.INDICATOR_WORDS.get(row["indicator"], row["indicator"]),
                "Target": p.target_text(
                    row["value_low"], row["value_high"], row["qualifier"], row["unit"]
                ),
                "Year or period": _when(row),
                "Status": p.STATUS_WORDS.get(row["status"], row["status"]),
                "Source": p.press_label(facts.sources, row["source_id"]),
                "Used in the comparison": _used(up, row),
                "What the source says (our words)": row["note"],
            }
        )
    return pd.DataFrame(rows)


def plans_shown_table(facts: UnitFacts) -> DownloadableTable | None:
    """The table with its CSV download; None for a province with no published target."""
    frame = plans_table(facts)
    if frame.empty:
        return None
    return NotesTable(frame, f"{facts.unit}-plans-2030.csv", TABLE_CAPTION)


def plans_values(facts: UnitFacts) -> dict:
    """The section's sentences: the one to remember, then GRDP per capita and industry."""
    up = unit_plans(facts)
    name = facts.short_name
    details = []
    if up.growth is not None and up.per_capita is not None:
        details.append(p.per_capita_sentence(up.per_capita))
    if up.share is not None:
        details.append(p.share_sentence(up.share))
    if up.has_targets and up.per_capita is None:
        details.append("No target for GRDP per capita in 2030 was found in the reports read.")
    n = len(up.rows)
    sources = list(dict.fromkeys(up.rows["source_id"]))
    if n:
        count = (
            f"The table lists the {words.number(n, 0)} "
            f"{'target' if n == 1 else 'targets'} found for {name}, from "
            f"{'one report' if len(sources) == 1 else f'{len(sources)} reports'}."
        )
    else:
        count = (
            "This section sets no target against its statistics until a report giving the "
            "congress's figures is found."
        )
    return {
        "plans_note": p.lead_sentence(name, up),
        "plans_details_note": " ".join([*details, count]),
        "plans_n_targets": n,
    }


def plans_figure(facts: UnitFacts) -> Figure | None:
    """Real growth 2024 and 2025 against the growth target; GRDP per capita 2020, 2025 and the
    2030 target in VND. None when the province has neither target to draw."""
    up = unit_plans(facts)
    panels = figure_panels(up)
    if not panels:
        return None
    fig, axes = charts.new_figure(charts.WIDTH, 4.2, 1, len(panels))
    axes = list(axes) if len(panels) > 1 else [axes]
    for ax, panel in zip(axes, panels, strict=True):
        (_growth_panel if panel == "growth" else _per_capita_panel)(ax, up)
    ids = list(dict.fromkeys(_drawn_sources(up, panels)))
    labels = [p.press_label(facts.sources, s) for s in ids]
    source = (
        "Source: targets, "
        + "; ".join(labels)
        + f"; statistics, {source_label(facts, OFFICE_SOURCE)}. Chart: provbook."
    )
    return charts.finish(
        fig,
        _title(facts.short_name, up, panels),
        _subtitle(panels),
        source,
        alt=f"Bar chart of the 2030 targets of {facts.short_name} against its recent figures.",
    )


SUBTITLES = {
    "growth": "real GRDP growth, % (target: the yearly average; light: the rest of a range)",
    "per_capita": "GRDP per capita, million VND, current prices (dashed: the path the target "
    "implies)",
}


def _subtitle(panels: list[str]) -> str:
    if len(panels) == 1:
        text = SUBTITLES[panels[0]]
        return text[0].upper() + text[1:]
    return f"Left: {SUBTITLES[panels[0]]}. Right: {SUBTITLES[panels[1]]}"


def _drawn_sources(up: p.UnitPlans, panels: list[str]) -> list[str]:
    out = []
    if "growth" in panels:
        out.append(up.growth.target.source_id)
    if "per_capita" in panels:
        out.append(up.per_capita.target.source_id)
    return out


def _title(name: str, up: p.UnitPlans, panels: list[str]) -> str:
    if "growth" in panels:
        g = up.growth
        if g.above_record:
            return (
                f"{name} aims to grow {g.target.text()}, {p.n_points(g.gap)} faster than in "
                "2024 or 2025"
            )
        return f"{name} aims to grow {g.target.text()}, a pace it has reached recently"
    pc = up.per_capita
    implied = words.span(pc.implied_low, pc.implied_high, 1, "%")
    return (
        f"{name}'s 2030 target for GRDP per capita means {implied} a year at current prices, "
        f"against {words.number(pc.record, 1, '%')} in 2020–2025"
    )


def _bar_label(ax, x: float, y: float, text: str) -> None:
    """A figure above its bar or point, at the book's smallest text size."""
    charts.value_label(ax, (x, y), text, (0, 4), "center", "bottom", size=charts.MIN_TEXT_SIZE)


#: Where the target's bar stands: apart from the two years, so that its two-line label
#: ("target", "2026–2030") does not run into "2025" on a phone.
TARGET_X = 2.5


def _growth_panel(ax, up: p.UnitPlans) -> None:
    g = up.growth
    charts.tidy(ax, grid="y")
    xs, labels = [], []
    for k, (year, value) in enumerate(((2024, g.growth_2024), (2025, g.growth_2025))):
        if math.isnan(value):
            continue
        ax.bar(k, value, color=charts.NATIONAL, width=0.6)
        _bar_label(ax, k, max(value, 0), words.number(value, 1, "%"))
        xs.append(k)
        labels.append(str(year))
    ax.bar(TARGET_X, g.target.low, color=charts.HIGHLIGHT, width=0.6)
    if g.target.is_range:
        ax.bar(
            TARGET_X,
            g.target.high - g.target.low,
            bottom=g.target.low,
            color=charts.HIGHLIGHT_LIGHT,
            width=0.6,
        )
    _bar_label(ax, TARGET_X, g.target.high, g.target.text().replace(" a year", ""))
    xs.append(TARGET_X)
    period = p.period_text(g.target).removeprefix("in ")
    labels.append(f"target\n{period}")
    ax.set_xticks(xs, labels)
    ax.axhline(0, color=charts.OUTLINE, linewidth=0.8)
    ax.set_ylabel("% a year")
    ax.margins(y=0.2)


def _per_capita_panel(ax, up: p.UnitPlans) -> None:
    pc = up.per_capita
    charts.tidy(ax, grid="y")
    start = pc.start
    ax.plot(
        [p.RECORD_START, p.BASE_YEAR],
        [start, pc.base],
        "-o",
        color=charts.NATIONAL,
        linewidth=2,
        label="statistics office",
    )
    low = pc.base * (1 + pc.implied_low / 100) ** (p.TARGET_YEAR - p.BASE_YEAR)
    high = pc.base * (1 + pc.implied_high / 100) ** (p.TARGET_YEAR - p.BASE_YEAR)
    ax.plot(
        [p.BASE_YEAR, p.TARGET_YEAR],
        [pc.base, low],
        "--",
        color=charts.HIGHLIGHT,
        linewidth=1.6,
    )
    ax.plot([p.TARGET_YEAR], [low], "D", color=charts.HIGHLIGHT, label="2030 target")
    if high != low:
        ax.plot([p.TARGET_YEAR, p.TARGET_YEAR], [low, high], color=charts.HIGHLIGHT, linewidth=3)
    for x, y in ((p.RECORD_START, start), (p.BASE_YEAR, pc.base)):
        # Below right of the point: the line rises to the right, so the text stays clear of it.
        charts.value_label(
            ax, (x, y), words.number(y, 1), (5, -4), "left", "top", size=charts.MIN_TEXT_SIZE
        )
    said = (  # a USD target is drawn at its own report's VND equivalent (the caption says so)
        f"about {words.number(high, 1)}"
        if pc.rate is not None
        else pc.target.text().replace(" million VND", "")
    )
    _bar_label(ax, p.TARGET_YEAR, high, said)
    ax.set_xticks([p.RECORD_START, p.BASE_YEAR, p.TARGET_YEAR])
    ax.set_ylabel("million VND per person")
    ax.set_ylim(0, high * 1.35)  # room at the top left for the legend, clear of the line
    ax.legend(loc="upper left", frameon=False, fontsize=charts.MIN_TEXT_SIZE)


def figure_panels(up: p.UnitPlans) -> list[str]:
    """The panels the section's chart draws: growth (the target and a published recent year),
    GRDP per capita (a target in VND, or in USD with a stated rate)."""
    panels = []
    if up.growth is not None and not math.isnan(up.growth.best):
        panels.append("growth")
    if up.per_capita is not None and up.per_capita.implied_low is not None:
        panels.append("per_capita")
    return panels


#: What each panel draws, in the figure's caption (no numbers: those are glued).
CAPTIONS = {
    "growth": "real GRDP growth in 2024 and 2025 and the congress's average growth target",
    "per_capita": "GRDP per capita in 2020 and 2025 and the 2030 target, at current prices",
}


def plans_context(facts: UnitFacts) -> dict[str, str]:
    """Placeholders of the section: whether it has targets and a chart, the chart's caption
    (what it draws) and the citations of the target rows."""
    up = unit_plans(facts)
    panels = figure_panels(up)
    drawn = "; ".join(CAPTIONS[k] for k in panels)
    if "per_capita" in panels and up.per_capita.rate is not None:
        pc = up.per_capita
        drawn += (
            f"; the target of {pc.target.text()} is drawn at the "
            f"{words.number(pc.target.vnd_equivalent, 1)} million VND its report gives as the "
            "equivalent"
            if pc.target.vnd_equivalent is not None
            else f"; the target of {pc.target.text()} is {p.conversion_text(pc)}"
        )
    return {
        "show_plans": "yes" if up.has_targets else "",
        "has_plans": "yes" if up.has_targets else "",
        "show_plans_figure": "yes" if panels else "",
        "plans_caption": drawn,
        "plans_cite": cite_p(list(dict.fromkeys(up.rows["source_id"]))),
        "plans_overview": (
            "the targets its first Party congress set to 2030, from the press reports that "
            "give them, beside where it stands today"
            if up.has_targets
            else "the targets its first Party congress set to 2030; no press report read for "
            "this book gives a figure yet"
        ),
    }
