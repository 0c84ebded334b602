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
from provbook.chapters.unit.tables import source_label, wrapped
from provbook.datapackage import data
from provbook.draw import charts
from provbook.text import cite_p
from provbook.words import say

#: Indicators the section sets against the statistics; the others are listed as stated.
COMPARED = (p.GROWTH, p.PER_CAPITA, p.SHARE)
#: The plans table's columns, by key of ``unit.plans.column``; the last is our English note,
#: shown in the English edition only (the Vietnamese one shows the source's own indicator name).
COLUMNS = ("indicator", "target", "when", "status", "source", "used", "note")


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


def _when(row, lang: str = "en") -> str:
    if not pd.isna(row["year"]):
        return str(int(row["year"]))
    if not pd.isna(row["period_start"]) and not pd.isna(row["period_end"]):
        return f"{int(row['period_start'])}–{int(row['period_end'])}"
    return say("unit.plans.when_not_stated", lang)


def _used(up: p.UnitPlans, row, lang: str = "en") -> str:
    """Whether the book's comparison uses the row, and why not (a later or firmer figure)."""
    if row["indicator"] not in COMPARED:
        return say("unit.plans.used_listed", lang)
    same = up.rows[up.rows["indicator"] == row["indicator"]]
    if len(same) == 1:
        return say("unit.plans.used_yes", lang)
    chosen = p.chosen(up.rows, up.unit, row["indicator"])
    if chosen.target_id == row["target_id"]:
        return say("unit.plans.used_one_of_several", lang)
    return say("unit.plans.used_no", lang, status=p.status_word(chosen.status, lang))


def _indicator(row, lang: str = "en") -> str:
    """The target's indicator: the book's name in English; in Vietnamese, as the source names it
    (plans_2030.csv's indicator_vi), else the codebook's."""
    if lang != "en" and isinstance(row.get("indicator_vi"), str) and row["indicator_vi"].strip():
        return row["indicator_vi"].strip()
    return p.codebook_word("plan_indicator", row["indicator"], lang)


def plans_table(facts: UnitFacts, lang: str = "en") -> pd.DataFrame:
    """Every target row as stated: indicator, target with qualifier and unit, year or period,
    status, source (outlet and date), whether the comparison uses it."""
    up = unit_plans(facts)
    h = {k: say(f"unit.plans.column.{k}", lang) for k in COLUMNS}
    rows = []
    for row in up.rows.to_dict("records"):
        rows.append(
            {
                h["indicator"]: _indicator(row, lang),
                h["target"]: p.target_text(
                    row["value_low"], row["value_high"], row["qualifier"], row["unit"], lang
                ),
                h["when"]: _when(row, lang),
                h["status"]: p.status_word(row["status"], lang),
                h["source"]: p.press_label(facts.sources, row["source_id"], lang),
                h["used"]: _used(up, row, lang),
                h["note"]: row["note"],
            }
        )
    return pd.DataFrame(rows)


def plans_shown_table(facts: UnitFacts, lang: str = "en") -> DownloadableTable | None:
    """The table with its CSV download; None for a province with no published target. The
    note, our English summary, is shown in the English edition only (it is in the CSV)."""
    frame = plans_table(facts, lang)
    if frame.empty:
        return None
    caption = say("unit.plans.table_caption", lang)
    if lang == "en":
        return NotesTable(frame, f"{facts.unit}-plans-2030.csv", caption)
    shown = [say(f"unit.plans.column.{k}", lang) for k in COLUMNS[:-1]]
    return wrapped(frame, f"{facts.unit}-plans-2030.csv", caption, shown, lang)


def plans_values(facts: UnitFacts, lang: str = "en") -> dict:
    """The section's sentences: the one to remember, then GRDP per capita and industry."""
    up = unit_plans(facts)
    name = facts.short_name
    details = []
    if up.growth is not None and up.per_capita is not None:
        details.append(p.per_capita_sentence(up.per_capita, lang))
    if up.share is not None:
        details.append(p.share_sentence(up.share, lang))
    if up.has_targets and up.per_capita is None:
        details.append(say("unit.plans.no_per_capita", lang))
    n = len(up.rows)
    sources = list(dict.fromkeys(up.rows["source_id"]))
    if n:
        key = "count_one_report" if len(sources) == 1 else "count_reports"
        count = say(
            f"unit.plans.{key}",
            lang,
            count=n,
            name=name,
            reports=len(sources),
        )
    else:
        count = say("unit.plans.count_none", lang)
    return {
        "plans_note": p.lead_sentence(name, up, lang),
        "plans_details_note": " ".join([*details, count]),
        "plans_n_targets": n,
    }


def plans_figure(facts: UnitFacts, lang: str = "en") -> Figure | None:
    """Real growth 2024 and 2025 against the growth target; GRDP per capita 2020, 2025 and the
    2030 target in VND. None when the province has neither target to draw."""
    up = unit_plans(facts)
    panels = figure_panels(up)
    if not panels:
        return None
    fig, axes = charts.new_figure(charts.WIDTH, 4.2, 1, len(panels))
    axes = list(axes) if len(panels) > 1 else [axes]
    for ax, panel in zip(axes, panels, strict=True):
        (_growth_panel if panel == "growth" else _per_capita_panel)(ax, up, lang)
    ids = list(dict.fromkeys(_drawn_sources(up, panels)))
    labels = [p.press_label(facts.sources, s, lang) for s in ids]
    source = say(
        "unit.plans.chart_source",
        lang,
        targets="; ".join(labels),
        office=source_label(facts, OFFICE_SOURCE, lang),
    )
    return charts.finish(
        fig,
        _title(facts.short_name, up, panels, lang),
        _subtitle(panels, lang),
        source,
        alt=say("unit.plans.alt", lang, name=facts.short_name),
        lang=lang,
    )


def _subtitle(panels: list[str], lang: str = "en") -> str:
    said = [say(f"unit.plans.subtitle_{panel}", lang) for panel in panels]
    if len(panels) == 1:
        return said[0][0].upper() + said[0][1:]
    return say("unit.plans.subtitle_two", lang, left=said[0], right=said[1])


def _drawn_sources(up: p.UnitPlans, panels: list[str]) -> list[str]:
    out = []
    if "growth" in panels:
        out.append(up.growth.target.source_id)
    if "per_capita" in panels:
        out.append(up.per_capita.target.source_id)
    return out


def _title(name: str, up: p.UnitPlans, panels: list[str], lang: str = "en") -> str:
    if "growth" in panels:
        g = up.growth
        target = g.target.text(lang)
        if g.above_record:
            gap = p.n_points(g.gap, lang)
            return say("unit.plans.title_above", lang, name=name, target=target, gap=gap)
        return say("unit.plans.title_reached", lang, name=name, target=target)
    pc = up.per_capita
    return say(
        "unit.plans.title_per_capita",
        lang,
        name=name,
        implied=words.span(pc.implied_low, pc.implied_high, 1, "%", lang=lang),
        record=words.number(pc.record, 1, "%", lang=lang),
    )


def _bar_label(ax, x: float, y: float, text: str) -> None:
    """A figure above its bar or point, at the book's smallest text size."""
    charts.value_label(ax, (x, y), text, (0, 4), "center", "bottom", size=charts.MIN_TEXT_SIZE)


#: Where the target's bar stands: apart from the two years, so that its two-line label
#: ("target", "2026–2030") does not run into "2025" on a phone.
TARGET_X = 2.5


def _growth_panel(ax, up: p.UnitPlans, lang: str = "en") -> None:
    g = up.growth
    charts.tidy(ax, grid="y")
    xs, labels = [], []
    for k, (year, value) in enumerate(((2024, g.growth_2024), (2025, g.growth_2025))):
        if math.isnan(value):
            continue
        ax.bar(k, value, color=charts.NATIONAL, width=0.6)
        _bar_label(ax, k, max(value, 0), words.number(value, 1, "%", lang=lang))
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
    per_year = say("codebook.plan_unit.percent_per_year", lang).removeprefix("%")
    _bar_label(ax, TARGET_X, g.target.high, g.target.text(lang).replace(per_year, ""))
    xs.append(TARGET_X)
    labels.append(_target_tick(g.target, lang))
    ax.set_xticks(xs, labels)
    ax.axhline(0, color=charts.OUTLINE, linewidth=0.8)
    ax.set_ylabel(say("unit.plans.growth_axis", lang))
    ax.margins(y=0.2)


def _target_tick(target: p.Target, lang: str = "en") -> str:
    """The tick under the target's bar: 'target' over its period, the period's line no wider
    than what is known to fit there (the wider of the tick's first line and a span such as
    '2026–2030', measured): the Vietnamese 'đến năm 2030' ran into '2025' and is broken into
    'đến năm' over '2030'."""
    first = say("unit.plans.target_tick", lang, period="").split("\n")[0]
    room = max(
        charts.text_width(first, charts.LABEL_SIZE),
        charts.text_width(f"{p.TARGET_YEAR - 4}–{p.TARGET_YEAR}", charts.LABEL_SIZE),
    )
    period = charts.fitted(_period_tick(target, lang), room / 72 / 0.96, charts.LABEL_SIZE)
    return say("unit.plans.target_tick", lang, period=period)


def _period_tick(target: p.Target, lang: str = "en") -> str:
    """'2026–2030' under the target's bar, else the edition's 'to 2030'."""
    if target.period is None:
        return p.period_text(target, lang)
    return f"{target.period[0]}–{target.period[1]}"


def _per_capita_panel(ax, up: p.UnitPlans, lang: str = "en") -> None:
    pc = up.per_capita
    charts.tidy(ax, grid="y")
    start = pc.start
    ax.plot(
        [p.RECORD_START, p.BASE_YEAR],
        [start, pc.base],
        "-o",
        color=charts.NATIONAL,
        linewidth=2,
        label=say("unit.plans.office_legend", lang),
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
    ax.plot(
        [p.TARGET_YEAR],
        [low],
        "D",
        color=charts.HIGHLIGHT,
        label=say("unit.plans.target_legend", lang),
    )
    if high != low:
        ax.plot([p.TARGET_YEAR, p.TARGET_YEAR], [low, high], color=charts.HIGHLIGHT, linewidth=3)
    for x, y in ((p.RECORD_START, start), (p.BASE_YEAR, pc.base)):
        # Below right of the point: the line rises to the right, so the text stays clear of it.
        charts.value_label(
            ax,
            (x, y),
            words.number(y, 1, lang=lang),
            (5, -4),
            "left",
            "top",
            size=charts.MIN_TEXT_SIZE,
        )
    said = (  # a USD target is drawn at its own report's VND equivalent (the caption says so)
        say("unit.plans.about", lang, value=words.number(high, 1, lang=lang))
        if pc.rate is not None
        else pc.target.text(lang).replace(" " + say("codebook.plan_unit.million_vnd", lang), "")
    )
    _bar_label(ax, p.TARGET_YEAR, high, said)
    years = [p.RECORD_START, p.BASE_YEAR, p.TARGET_YEAR]
    ax.set_xticks(years, [str(year) for year in years])  # years, not numbers ('2.020' in vi)
    ax.set_ylabel(say("unit.plans.per_capita_axis", lang))
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


def plans_context(facts: UnitFacts, lang: str = "en") -> dict[str, str]:
    """Placeholders of the section: whether it has targets and a chart, the chart's caption
    (what it draws, no numbers: those are glued) and the citations of the target rows."""
    up = unit_plans(facts)
    panels = figure_panels(up)
    drawn = "; ".join(say(f"unit.plans.caption_{k}", lang) for k in panels)
    if "per_capita" in panels and up.per_capita.rate is not None:
        pc = up.per_capita
        drawn += (
            say(
                "unit.plans.caption_equivalent",
                lang,
                target=pc.target.text(lang),
                vnd=words.number(pc.target.vnd_equivalent, 1, lang=lang),
            )
            if pc.target.vnd_equivalent is not None
            else say(
                "unit.plans.caption_conversion",
                lang,
                target=pc.target.text(lang),
                conversion=p.conversion_text(pc, lang),
            )
        )
    return {
        "show_plans": "yes" if up.has_targets else "",
        "has_plans": "yes" if up.has_targets else "",
        "show_plans_figure": "yes" if panels else "",
        "plans_caption": drawn,
        "plans_cite": cite_p(list(dict.fromkeys(up.rows["source_id"]))),
        "plans_overview": say(
            "unit.plans.overview" if up.has_targets else "unit.plans.overview_none", lang
        ),
    }
