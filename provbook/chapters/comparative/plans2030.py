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
from provbook.chapters.comparative.units_2025 import OFFICE_SOURCE, Units2025
from provbook.chapters.province.tables import DownloadableTable
from provbook.chapters.unit.plans2030 import NotesTable
from provbook.datapackage import data
from provbook.draw import charts
from provbook.text import join_names

NO_TARGET = "no published target found"


def unit_plans(view: Units2025) -> dict[str, p.UnitPlans]:
    """:func:`provbook.analysis.plans.unit_plans` of the 34 provinces, in units_2025.csv order."""
    plans = data.plans_2030(view.data_dir)
    return p.all_units(plans, view.statistics, list(view.units["unit_2025_id"]))


def short_names(view: Units2025) -> dict[str, str]:
    return dict(zip(view.units["unit_2025_id"], view.units["name_short"], strict=True))


def targets_frame(view: Units2025) -> pd.DataFrame:
    """One row per province: growth target (both ends), 2024, 2025, the gap to the faster year,
    GRDP per capita target and the growth it implies, industry share target and 2025 share."""
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
                "growth_text": g.target.text() if g else "",
                "growth_status": g.target.status if g else "",
                "growth_source": g.target.source_id if g else "",
                "growth_2024": g.growth_2024 if g else math.nan,
                "growth_2025": g.growth_2025 if g else math.nan,
                "best": g.best if g else math.nan,
                "gap": g.gap if g else math.nan,
                "above_record": bool(g and g.above_record),
                "pc_text": pc.target.text() if pc else "",
                "pc_unit": pc.target.unit if pc else "",
                "pc_implied_low": pc.implied_low if pc and pc.implied_low is not None else math.nan,
                "pc_implied_high": pc.implied_high
                if pc and pc.implied_high is not None
                else math.nan,
                "pc_record": pc.record if pc else math.nan,
                "pc_note": _per_capita_note(pc),
                "share_text": s.target.text() if s else "",
                "share_2025": s.share_2025 if s else math.nan,
                "share_change_low": s.change_low if s else math.nan,
                "share_change_high": s.change_high if s else math.nan,
            }
        )
    return pd.DataFrame(rows)


def _per_capita_note(pc: p.PerCapita | None) -> str:
    """What the table says of a USD target: converted with its report's own equivalent, or not
    converted and why ('' for a target in VND)."""
    if pc is None or pc.target.unit != "usd":
        return ""
    if pc.rate is not None:
        return f"Stated in USD; {p.conversion_text(pc)}"
    return "Stated in USD; its report gives no VND equivalent, so no growth is computed"


def glued(view: Units2025) -> dict:
    """Everything the section glues: :func:`targets_values` and the chart (``fig_plans``)."""
    return targets_values(view) | {"fig_plans": targets_figure(view)}


def _industry_other(view: Units2025) -> pd.DataFrame:
    """Targets for industry's own growth (indicator ``industry_other``, unit % a year)."""
    plans = data.plans_2030(view.data_dir)
    return plans[(plans["indicator"] == "industry_other") & (plans["unit"] == "percent_per_year")]


def targets_values(view: Units2025) -> dict:
    """The counts and names the section's argument states (computed, never typed)."""
    frame = targets_frame(view)
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
            carried.append(
                f"{g['name']} (industry and construction "
                f"{p.target_text(row.value_low, row.value_high, row.qualifier, row.unit)} "
                f"against {g['growth_text']} for the whole economy)"
            )
    homes = frame[frame["home"]]
    homes_above = homes[homes["above_record"]]
    return {
        "plans_units_count": len(frame),
        "plans_with_growth_count": len(with_growth),
        "plans_above_count": len(above),
        "plans_above_text": _count_text(len(above), len(with_growth)),
        "plans_within_text": _within_text(within),
        "plans_top_text": (
            f"{top['name']} aims furthest beyond its recent pace: {top['growth_text']}, "
            f"{p.n_points(top['gap'])} above its faster year of 2024 and 2025"
            if top is not None
            else "No province aims above both its 2024 and its 2025 growth"
        ),
        "plans_none_text": _none_text(none["name"].tolist()),
        "plans_pc_text": _per_capita_text(len(computed), len(faster_pc), len(converted), len(usd)),
        "plans_industry_text": _industry_text(rising, carried),
        "plans_homes_text": _homes_text(len(homes), len(homes_above)),
    }


def _homes_text(n_homes: int, n_above: int) -> str:
    if n_homes == 0:
        return "None of the compared provinces has a new home in the table"
    if n_homes == 1:
        verb = "aims" if n_above else "does not aim"
        return f"The one new home of a province the sources describe {verb} above both years"
    lead = f"Of the {n_homes} new homes of the provinces the sources describe"
    if n_above == n_homes:
        who = f"all {n_homes} aim"
    elif n_above == 0:
        who = "none aims"
    else:
        who = f"{n_above} {'aims' if n_above == 1 else 'aim'}"
    return f"{lead}, {who} above both their 2024 and 2025 growth"


def _count(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


def _count_text(n_above: int, n_with: int) -> str:
    if n_with == 0:
        return "No province has a published growth target"
    if n_above == n_with:
        every = "The one province" if n_with == 1 else f"All {n_with} provinces"
        return (
            f"{every} with a published growth target "
            f"{'aims' if n_with == 1 else 'aim'} above both their 2024 and 2025 real growth"
        )
    return (
        f"{n_above} of the {n_with} provinces with a published growth target "
        f"{'aims' if n_above == 1 else 'aim'} above both their 2024 and 2025 real growth, even "
        "at the low end of the target"
    )


def _within_text(within: pd.DataFrame) -> str:
    if within.empty:
        return "None aims only for a pace it has already reached"
    said = [
        f"{r.name} ({r.growth_text}, against {p.pace(r.growth_2024)} in 2024 and "
        f"{p.pace(r.growth_2025)} in 2025)"
        for r in within.itertuples(index=False)
    ]
    verb = "aims" if len(said) == 1 else "aim"
    return f"{join_names(said)} {verb} for a pace already reached in at least one of the two years"


def _none_text(names: list[str]) -> str:
    if not names:
        return "Every province has at least one published target"
    n = len(names)
    return (
        f"For {_count(n, 'province')}, {join_names(names)}, no published target was found in the "
        "press reports read"
    )


def _per_capita_text(n_vnd: int, n_faster: int, n_converted: int, n_usd: int) -> str:
    """``n_vnd`` targets with an implied growth (``n_converted`` of them in USD with their
    report's own VND equivalent), ``n_usd`` in USD with none."""
    what = "in VND" if not n_converted else "in VND or with a VND equivalent in their report"
    if n_vnd == 0:
        vnd = "No GRDP per capita target is stated in VND"
    elif n_faster == n_vnd:
        vnd = (
            f"{'The one' if n_vnd == 1 else f'All {n_vnd}'} GRDP per capita "
            f"{'target' if n_vnd == 1 else 'targets'} {what} "
            f"{'implies' if n_vnd == 1 else 'imply'} faster growth at current prices than in "
            "2020–2025"
        )
    else:
        vnd = (
            f"{n_faster} of the {n_vnd} GRDP per capita targets {what} imply faster growth "
            "at current prices than in 2020–2025"
        )
    if n_converted:
        vnd += (
            " (one of them is in USD, converted with the VND equivalent its own report gives)"
            if n_converted == 1
            else f" ({n_converted} of them are in USD, converted with the VND equivalent their "
            "own reports give)"
        )
    if n_usd:
        vnd += (
            f"; {_count(n_usd, 'target is', 'targets are')} in USD with no VND equivalent in "
            "their report and not converted (the book assumes no exchange rate)"
        )
    return vnd


def _industry_text(rising: pd.DataFrame, carried: list[str]) -> str:
    parts = []
    if len(rising):
        said = [
            f"{r.name} ({r.share_text} in 2030 against "
            f"{words.number(r.share_2025, 1, '%')} in 2025)"
            for r in rising.itertuples(index=False)
        ]
        verb = "plans" if len(said) == 1 else "plan"
        parts.append(f"{join_names(said)} {verb} a larger share for industry and construction")
    if carried:
        parts.append(
            f"{join_names(carried)} {'sets' if len(carried) == 1 else 'set'} industry's own "
            "growth above the economy's"
        )
    if not parts:
        return "No target found says that industry is to grow faster than the rest of the economy"
    return "; ".join(parts)


def targets_figure(view: Units2025) -> Figure:
    """One dot per province with a growth target: x the faster of its 2024 and 2025 real growth,
    y the target (a range drawn as a bar); the line marks a target equal to that pace."""
    frame = targets_frame(view).dropna(subset=["growth_low", "best"])
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
    ax.set_xlabel("faster real GRDP growth of 2024 and 2025, %")
    ax.set_ylabel("average growth target to 2030, % a year")
    ax.plot(
        [], [], "o", color=charts.HIGHLIGHT, label="new home of a province the sources describe"
    )
    ax.plot([], [], "o", color=charts.NATIONAL, label="other province")
    ax.legend(  # under the axes: inside, the dots and bars crossed it
        loc="upper left",
        bbox_to_anchor=(0.0, -0.12),
        frameon=False,
        fontsize=charts.MIN_TEXT_SIZE,
    )
    n_above = int(frame["above_record"].sum())
    title = (
        f"{n_above} of the {len(frame)} provinces with a growth target aim above the faster "
        "of their 2024 and 2025 growth"
    )
    sources = sorted(set(frame["growth_source"]))
    fig = charts.finish(
        fig,
        title,
        "One dot per province: the low end of its growth target (a bar: the rest of a range) "
        "against its faster real growth of 2024 (preliminary) and 2025 (estimate); above the "
        "dashed line, the target is faster",
        f"Source: {len(sources)} press reports of the 2025 Party congresses (listed in the "
        f"table); NSO ({p.BASE_YEAR}). Chart: provbook.",
        alt=f"Scatter chart of the growth targets of {len(frame)} provinces against their recent "
        "real growth.",
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


def targets_table(view: Units2025) -> DownloadableTable:
    """Every province, ranked by how far its growth target lies above its faster recent year;
    provinces without a growth target at the end, saying so."""
    frame = targets_frame(view)
    ranked = frame.sort_values(["gap", "name"], ascending=[False, True], na_position="last")
    sources = data.sources(view.data_dir)
    rows = []
    rank = 0
    for r in ranked.itertuples(index=False):
        has = r.growth_text != ""
        rank += 1 if has else 0
        implied = (
            words.span(r.pc_implied_low, r.pc_implied_high, 1, "%")
            if not math.isnan(r.pc_implied_low)
            else ("not computed (USD)" if r.pc_unit == "usd" else "")
        )
        if r.pc_unit == "usd" and implied != "not computed (USD)":
            implied = f"about {implied}"
        rows.append(
            {
                # First: the column a phone keeps in view while the others scroll past.
                "Province": r.name + (" (new home)" if r.home else ""),
                "Rank": rank if has else None,
                "Growth target, % a year": r.growth_text
                if has
                else (NO_TARGET if r.n_targets == 0 else "no growth target found"),
                "Status": p.STATUS_WORDS.get(r.growth_status, ""),
                "2024, %": r.growth_2024 if has else None,
                "2025, %": r.growth_2025 if has else None,
                "Gap to the faster year, points": round(r.gap, 2) if has else None,
                "GRDP per capita 2030": r.pc_text,
                "Implied yearly growth (current prices)": implied,
                "2020–2025 (current prices)": round(r.pc_record, 1) if r.pc_text else None,
                "Industry and construction 2030 (2025)": (
                    f"{r.share_text} ({words.number(r.share_2025, 1, '%')})" if r.share_text else ""
                ),
                "Source of the growth target": p.press_label(sources, r.growth_source)
                if has
                else "",
                # Last: book/_static/provbook.css keeps a NotesTable's last column readable.
                "Note on GRDP per capita": r.pc_note,
            }
        )
    table = pd.DataFrame(rows)
    table["Rank"] = table["Rank"].astype("Int64")
    return NotesTable(
        table,
        "comparative-targets-2030.csv",
        "The 34 provinces' targets to 2030 against their recent figures, ranked by how far the "
        "growth target lies above the faster of 2024 and 2025",
    )


def _share_cell(r) -> str:
    if not r.share_text:
        return ""
    if math.isnan(r.share_2025):
        return f"{r.share_text} (2025 not published)"
    return f"{r.share_text} (2025: {words.number(r.share_2025, 1, '%')})"


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
