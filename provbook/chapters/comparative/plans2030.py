"""The comparison's section "The 34 provinces' targets to 2030": every province's growth target
(``data/plans_2030.csv``, the adopted figure over a draft) against its own real growth of 2024
and 2025, one chart, a ranked table and the counts the argument rests on (all computed here).

The comparison rules (ranges, qualifiers, USD never divided by VND) are
:mod:`provbook.analysis.plans`'s; this module decides what the comparative chapter says.
"""

from __future__ import annotations

import math

import pandas as pd
from matplotlib.figure import Figure

from provbook import text as words
from provbook.analysis import plans as p
from provbook.chapters.comparative.units_2025 import OFFICE_SOURCE, Units2025, format_number
from provbook.chapters.province.tables import DownloadableTable
from provbook.chapters.unit.plans2030 import NotesTable
from provbook.datapackage import data
from provbook.draw import charts
from provbook.text import join_names
from provbook.words import say

W = "comparative.plans"
#: The table's columns, by key of ``comparative.plans.column`` (the note last).
COLUMNS = (
    "province",
    "rank",
    "growth",
    "status",
    "y2024",
    "y2025",
    "gap",
    "per_capita",
    "implied",
    "record",
    "industry",
    "source",
    "note",
)
NO_TARGET = say(f"{W}.table.no_target")


def unit_plans(view: Units2025) -> dict[str, p.UnitPlans]:
    """:func:`provbook.analysis.plans.unit_plans` of the 34 provinces, in units_2025.csv order."""
    plans = data.plans_2030(view.data_dir)
    return p.all_units(plans, view.statistics, list(view.units["unit_2025_id"]))


def short_names(view: Units2025) -> dict[str, str]:
    return dict(zip(view.units["unit_2025_id"], view.units["name_short"], strict=True))


def targets_frame(view: Units2025, lang: str = "en") -> pd.DataFrame:
    """One row per province: growth target (both ends), 2024, 2025, the gap to the faster year,
    GRDP per capita target and the growth it implies, industry share target and 2025 share (the
    targets as written in ``lang``; the numbers are the same in every language)."""
    names = short_names(view)
    rows = []
    for unit, up in unit_plans(view).items():
        g, pc, s = up.growth, up.per_capita, up.share
        rows.append(
            {
                "unit": unit,
                "name": names[unit],
                "home": unit in view.homes,
                "n_targets": len(up.rows),
                "growth_low": g.target.low if g else math.nan,
                "growth_high": g.target.high if g else math.nan,
                "growth_text": g.target.text(lang) if g else "",
                "growth_status": g.target.status if g else "",
                "growth_source": g.target.source_id if g else "",
                "growth_2024": g.growth_2024 if g else math.nan,
                "growth_2025": g.growth_2025 if g else math.nan,
                "best": g.best if g else math.nan,
                "gap": g.gap if g else math.nan,
                "above_record": bool(g and g.above_record),
                "pc_text": pc.target.text(lang) if pc else "",
                "pc_unit": pc.target.unit if pc else "",
                "pc_implied_low": pc.implied_low if pc and pc.implied_low is not None else math.nan,
                "pc_implied_high": pc.implied_high
                if pc and pc.implied_high is not None
                else math.nan,
                "pc_record": pc.record if pc else math.nan,
                "pc_note": _per_capita_note(pc, lang),
                "share_text": s.target.text(lang) if s else "",
                "share_2025": s.share_2025 if s else math.nan,
                "share_change_low": s.change_low if s else math.nan,
                "share_change_high": s.change_high if s else math.nan,
            }
        )
    return pd.DataFrame(rows)


def _per_capita_note(pc: p.PerCapita | None, lang: str = "en") -> str:
    """What the table says of a USD target: converted with its report's own equivalent, or not
    converted and why ('' for a target in VND)."""
    if pc is None or pc.target.unit != "usd":
        return ""
    if pc.rate is not None:
        return say(f"{W}.note_converted", lang, conversion=p.conversion_text(pc, lang))
    return say(f"{W}.note_not_converted", lang)


def glued(view: Units2025, lang: str = "en") -> dict:
    """Everything the section glues: :func:`targets_values` and the chart (``fig_plans``)."""
    return targets_values(view, lang) | {"fig_plans": targets_figure(view, lang)}


def _industry_other(view: Units2025) -> pd.DataFrame:
    """Targets for industry's own growth (indicator ``industry_other``, unit % a year)."""
    plans = data.plans_2030(view.data_dir)
    return plans[(plans["indicator"] == "industry_other") & (plans["unit"] == "percent_per_year")]


def targets_values(view: Units2025, lang: str = "en") -> dict:
    """The counts and names the section's argument states (computed, never typed)."""
    frame = targets_frame(view, lang)
    with_growth = frame[frame["growth_text"] != ""]
    above = with_growth[with_growth["above_record"]].sort_values("gap", ascending=False)
    within = with_growth[~with_growth["above_record"]]
    none = frame[frame["n_targets"] == 0]
    top = above.iloc[0] if len(above) else None
    computed = frame.dropna(subset=["pc_implied_low"])
    faster_pc = computed[computed["pc_implied_low"] > computed["pc_record"]]
    converted = computed[computed["pc_unit"] == "usd"]
    usd = frame[(frame["pc_unit"] == "usd") & frame["pc_implied_low"].isna()]
    rising = frame[frame["share_change_low"] > 0]
    industry = _industry_other(view)
    carried = []
    for row in industry.itertuples(index=False):
        g = frame.set_index("unit").loc[row.unit_2025_id]
        if not math.isnan(g["growth_high"]) and row.value_low > g["growth_high"]:
            target = p.target_text(row.value_low, row.value_high, row.qualifier, row.unit, lang)
            carried.append(
                say(f"{W}.carried", lang, name=g["name"], target=target, growth=g["growth_text"])
            )
    homes = frame[frame["home"]]
    homes_above = homes[homes["above_record"]]
    return {
        "plans_units_count": len(frame),
        "plans_with_growth_count": len(with_growth),
        "plans_above_count": len(above),
        "plans_above_text": _count_text(len(above), len(with_growth), lang),
        "plans_within_text": _within_text(within, lang),
        "plans_top_text": (
            say(
                f"{W}.top",
                lang,
                name=top["name"],
                target=top["growth_text"],
                gap=p.n_points(top["gap"], lang),
            )
            if top is not None
            else say(f"{W}.top_none", lang)
        ),
        "plans_none_text": _none_text(none["name"].tolist(), lang),
        "plans_pc_text": _per_capita_text(
            len(computed), len(faster_pc), len(converted), len(usd), lang
        ),
        "plans_industry_text": _industry_text(rising, carried, lang),
        "plans_homes_text": _homes_text(len(homes), len(homes_above), lang),
    }


def _homes_text(n_homes: int, n_above: int, lang: str = "en") -> str:
    if n_homes == 0:
        return say(f"{W}.homes_none", lang)
    if n_homes == 1:
        return say(f"{W}.homes_one_{'above' if n_above else 'not'}", lang)
    if n_above == n_homes:
        return say(f"{W}.homes_all", lang, n=n_homes)
    if n_above == 0:
        return say(f"{W}.homes_no", lang, n=n_homes)
    return say(f"{W}.homes_some", lang, count=n_above, n=n_homes)


def _count_text(n_above: int, n_with: int, lang: str = "en") -> str:
    if n_with == 0:
        return say(f"{W}.count_none", lang)
    if n_above == n_with:
        return say(f"{W}.count_all", lang, count=n_with)
    if n_above == 0:
        return say(f"{W}.count_no", lang, n=n_with)
    return say(f"{W}.count_some", lang, count=n_above, n=n_with)


def _within_text(within: pd.DataFrame, lang: str = "en") -> str:
    if within.empty:
        return say(f"{W}.within_none", lang)
    said = [
        say(
            f"{W}.within_item",
            lang,
            name=r.name,
            target=r.growth_text,
            pace_2024=p.pace(r.growth_2024, lang),
            pace_2025=p.pace(r.growth_2025, lang),
        )
        for r in within.itertuples(index=False)
    ]
    return say(f"{W}.within", lang, count=len(said), names=join_names(said, lang=lang))


def _none_text(names: list[str], lang: str = "en") -> str:
    if not names:
        return say(f"{W}.none_all_have", lang)
    provinces = say("comparative.units.provinces", lang, count=len(names))
    return say(f"{W}.none", lang, provinces=provinces, names=join_names(names, lang=lang))


def _per_capita_text(
    n_vnd: int, n_faster: int, n_converted: int, n_usd: int, lang: str = "en"
) -> str:
    """``n_vnd`` targets with an implied growth (``n_converted`` of them in USD with their
    report's own VND equivalent), ``n_usd`` in USD with none."""
    what = say(f"{W}.pc_in_vnd_or_equivalent" if n_converted else f"{W}.pc_in_vnd", lang)
    if n_vnd == 0:
        lead = say(f"{W}.pc_none", lang)
    elif n_faster == n_vnd:
        lead = say(f"{W}.pc_all", lang, count=n_vnd, what=what)
    elif n_faster == 0:
        lead = say(f"{W}.pc_no", lang, count=n_vnd, what=what)
    else:
        lead = say(f"{W}.pc_some", lang, count=n_vnd, faster=n_faster, what=what)
    converted = say(f"{W}.pc_converted", lang, count=n_converted) if n_converted else ""
    usd = say(f"{W}.pc_usd", lang, count=n_usd) if n_usd else ""
    return say(f"{W}.pc_sentence", lang, lead=lead, converted=converted, usd=usd)


def _industry_text(rising: pd.DataFrame, carried: list[str], lang: str = "en") -> str:
    said = [
        say(
            f"{W}.industry_item",
            lang,
            name=r.name,
            target=r.share_text,
            share=words.number(r.share_2025, 1, "%", lang=lang),
        )
        for r in rising.itertuples(index=False)
    ]
    parts = {}
    if said:
        parts["rising"] = say(
            f"{W}.industry_rising", lang, count=len(said), names=join_names(said, lang=lang)
        )
    if carried:
        parts["carried"] = say(
            f"{W}.industry_carried", lang, count=len(carried), names=join_names(carried, lang=lang)
        )
    if not parts:
        return say(f"{W}.industry_none", lang)
    if len(parts) == 2:
        return say(f"{W}.industry_both", lang, **parts)
    return next(iter(parts.values()))


def targets_figure(view: Units2025, lang: str = "en") -> Figure:
    """One dot per province with a growth target: x the faster of its 2024 and 2025 real growth,
    y the target (a range drawn as a bar); the line marks a target equal to that pace."""
    frame = targets_frame(view, lang).dropna(subset=["growth_low", "best"])
    fig, ax = charts.new_figure(charts.WIDTH, 5.4)
    charts.tidy(ax, grid="both")
    x0, x1 = math.floor(frame["best"].min() - 0.5), math.ceil(frame["best"].max() + 0.5)
    y0 = math.floor(frame["growth_low"].min() - 0.5)
    y1 = math.ceil(frame["growth_high"].max() + 0.5)
    ends = [max(x0, y0), min(x1, y1)]  # inside the axes: drawn past them it ran under the legend
    ax.plot(ends, ends, color=charts.SUBTLE, linewidth=0.8, linestyle="--")
    # No label on the line itself (at phone size it crossed the line): the subtitle says it.
    for row in frame.itertuples(index=False):
        color = charts.HIGHLIGHT if row.home else charts.NATIONAL
        if row.growth_high != row.growth_low:
            ax.plot(
                [row.best, row.best], [row.growth_low, row.growth_high], color=color, linewidth=3
            )
        ax.plot([row.best], [row.growth_low], "o", color=color, markersize=8 if row.home else 5)
    extremes = frame.sort_values("gap")
    labelled = pd.concat([frame[frame["home"]], extremes.head(1), extremes.tail(1)])
    labelled = labelled.drop_duplicates("unit").sort_values("best")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel(say(f"{W}.chart.x_label", lang))
    ax.set_ylabel(say(f"{W}.chart.y_label", lang))
    if lang != "en":  # the axes' numbers with the edition's decimal sign
        ax.xaxis.set_major_formatter(lambda v, _: format_number(v, lang))
        ax.yaxis.set_major_formatter(lambda v, _: format_number(v, lang))
    ax.plot([], [], "o", color=charts.HIGHLIGHT, label=say(f"{W}.chart.legend_home", lang))
    ax.plot([], [], "o", color=charts.NATIONAL, label=say(f"{W}.chart.legend_other", lang))
    ax.legend(  # under the axes: inside, the dots and bars crossed it
        loc="upper left",
        bbox_to_anchor=(0.0, -0.12),
        frameon=False,
        fontsize=charts.MIN_TEXT_SIZE,
    )
    n_above = int(frame["above_record"].sum())
    sources = sorted(set(frame["growth_source"]))
    fig = charts.finish(
        fig,
        say(f"{W}.chart.title", lang, count=n_above, n=len(frame)),
        say(f"{W}.chart.subtitle", lang),
        say(f"{W}.chart.source", lang, count=len(sources), year=p.BASE_YEAR),
        alt=say(f"{W}.chart.alt", lang, n=len(frame)),
        lang=lang,
    )
    _name_dots(fig, ax, frame, labelled, ends)
    return fig


#: Where a province's name may go around its dot, nearest first: (offset in points, alignment).
#: Beyond the first ring a thin leader line joins the name to its dot.
LABEL_PLACES = tuple(
    ((dx * d, dy * d), ha, va)
    for d in (7, 18, 30, 42, 54, 66)
    for (dx, dy), ha, va in (
        ((0, 1), "center", "bottom"),
        ((0, -1), "center", "top"),
        ((1, 0), "left", "center"),
        ((-1, 0), "right", "center"),
        ((0.7, 0.7), "left", "bottom"),
        ((-0.7, 0.7), "right", "bottom"),
        ((0.7, -0.7), "left", "top"),
        ((-0.7, -0.7), "right", "top"),
    )
)
LEADER_FROM = 10  # points: a name farther from its dot than this gets a leader line


def _name_dots(fig: Figure, ax, frame: pd.DataFrame, labelled: pd.DataFrame, ends) -> None:
    """Each labelled province's name at the first place around its dot that is clear of every
    dot, range bar, the dashed line and the names already placed (a bar ran through "Tây Ninh"
    and "Cần Thơ" when names simply alternated above and below). Placed on the finished layout."""
    import numpy as np
    from matplotlib.transforms import Bbox

    fig.draw_without_rendering()  # the final layout: extents below are measured on it
    to_px = ax.transData.transform
    pt = fig.dpi / 72
    marks = {}  # every dot with its range bar, as a box in pixels
    for row in frame.itertuples(index=False):
        (x, low), (_, high) = to_px([(row.best, row.growth_low), (row.best, row.growth_high)])
        r = (4.5 if row.home else 3.0) * pt
        marks[row.unit] = Bbox([[x - r, low - r], [x + r, high + r]])
    t = np.linspace(0, 1, 400)
    diagonal = to_px(np.column_stack([ends[0] + t * (ends[1] - ends[0])] * 2))
    inside = ax.bbox
    placed: list[Bbox] = []
    for row in labelled.itertuples(index=False):
        style = {
            "textcoords": "offset points",
            "fontsize": charts.MIN_TEXT_SIZE,
            "color": charts.HIGHLIGHT if row.home else charts.TEXT,
        }
        probe = ax.annotate(row.name, (row.best, row.growth_low), xytext=(0, 0), **style)
        chosen = LABEL_PLACES[0]  # when nowhere is clear: the nearest place
        for offset, ha, va in LABEL_PLACES:
            probe.xyann = offset
            probe.set_ha(ha)
            probe.set_va(va)
            box = probe.get_window_extent().padded(1.5 * pt)
            dot = to_px((row.best, row.growth_low))
            leader = dot + np.outer(t, np.array([box.x0 + box.x1, box.y0 + box.y1]) / 2 - dot)
            others = [m for unit, m in marks.items() if unit != row.unit]
            clear = (
                inside.contains(box.x0, box.y0)
                and inside.contains(box.x1, box.y1)
                and not any(box.overlaps(m) for m in [*marks.values(), *placed])
                and not box.count_contains(diagonal)
                and not any(m.count_contains(leader) for m in others)
            )
            if clear:
                chosen = (offset, ha, va)
                break
        probe.remove()
        offset, ha, va = chosen
        if max(abs(v) for v in offset) > LEADER_FROM:
            style["arrowprops"] = {"arrowstyle": "-", "color": charts.SUBTLE, "linewidth": 0.6}
        label = ax.annotate(
            row.name, (row.best, row.growth_low), xytext=offset, ha=ha, va=va, **style
        )
        placed.append(label.get_window_extent().padded(1.5 * pt))


def targets_table(view: Units2025, lang: str = "en") -> DownloadableTable:
    """Every province, ranked by how far its growth target lies above its faster recent year;
    provinces without a growth target at the end, saying so."""
    frame = targets_frame(view, lang)
    ranked = frame.sort_values(["gap", "name"], ascending=[False, True], na_position="last")
    sources = data.sources(view.data_dir)
    c = {k: say(f"{W}.column.{k}", lang) for k in COLUMNS}
    not_computed = say(f"{W}.table.not_computed", lang)
    rows = []
    rank = 0
    for r in ranked.itertuples(index=False):
        has = r.growth_text != ""
        rank += 1 if has else 0
        if not math.isnan(r.pc_implied_low):
            implied = words.span(r.pc_implied_low, r.pc_implied_high, 1, "%", lang=lang)
            if r.pc_unit == "usd":
                implied = say(f"{W}.table.about", lang, value=implied)
        else:
            implied = not_computed if r.pc_unit == "usd" else ""
        if has:
            growth = r.growth_text
        else:
            growth = say(
                f"{W}.table.{'no_target' if r.n_targets == 0 else 'no_growth_target'}", lang
            )
        industry = (
            say(
                f"{W}.table.industry_cell",
                lang,
                target=r.share_text,
                share=words.number(r.share_2025, 1, "%", lang=lang),
            )
            if r.share_text
            else ""
        )
        rows.append(
            {
                # First: the column a phone keeps in view while the others scroll past.
                c["province"]: say(f"{W}.table.new_home", lang, name=r.name) if r.home else r.name,
                c["rank"]: rank if has else None,
                c["growth"]: growth,
                c["status"]: p.status_word(r.growth_status, lang) if r.growth_status else "",
                c["y2024"]: r.growth_2024 if has else None,
                c["y2025"]: r.growth_2025 if has else None,
                c["gap"]: round(r.gap, 2) if has else None,
                c["per_capita"]: r.pc_text,
                c["implied"]: implied,
                c["record"]: round(r.pc_record, 1) if r.pc_text else None,
                c["industry"]: industry,
                c["source"]: p.press_label(sources, r.growth_source, lang) if has else "",
                # Last: book/_static/provbook.css keeps a NotesTable's last column readable.
                c["note"]: r.pc_note,
            }
        )
    table = pd.DataFrame(rows)
    table[c["rank"]] = table[c["rank"]].astype("Int64")
    return NotesTable(
        table,
        "comparative-targets-2030.csv",
        say(f"{W}.table.caption", lang),
        lang=lang,
    )


def targets_cite(view: Units2025) -> list[str]:
    """Every source of a target row (for the section's citation)."""
    return sorted(data.plans_2030(view.data_dir)["source_id"].unique())


__all__ = [
    "OFFICE_SOURCE",
    "glued",
    "targets_cite",
    "targets_figure",
    "targets_frame",
    "targets_table",
    "targets_values",
]
