"""Figures of the new-province chapter: the maps, GRDP per capita from both origins, and the
indicators that are never combined, drawn one line per old part."""

from __future__ import annotations

import math

from matplotlib.figure import Figure

from provbook import text as words
from provbook.chapters.unit.facts import (
    BOUNDARY_SOURCE,
    MERGER_SOURCE,
    UnitFacts,
    computed_series,
    grdp_sources,
    indicator_row,
    part_rows,
    side_by_side,
)
from provbook.chapters.unit.prose import index_name, indicator_label, status_word, unit_word
from provbook.chapters.unit.tables import source_label
from provbook.datapackage import data
from provbook.draw import charts, maps
from provbook.text import join_names, lower_first, upper_first, with_unit
from provbook.words import say

#: A colour per old part, in the order of the parts.
PART_COLORS = (charts.HIGHLIGHT, charts.NATIONAL, "#2E8B6E", "#D0822E", "#7A5195")


def _source(facts: UnitFacts, ids, lang: str = "en") -> str:
    labels = dict.fromkeys(source_label(facts, s, lang) for s in ids)
    return say("unit.chart.source", lang, sources="; ".join(labels))


def _unit_geometries(facts: UnitFacts) -> dict[str, dict]:
    return maps.features_by(data.boundaries("units_34", facts.data_dir), "unit_2025_code")


def _largest(geometry: dict) -> dict:
    """The geometry's largest polygon, as a Polygon geometry."""
    parts = [part for part in maps.polygons(geometry) if len(part) and len(part[0]) >= 3]
    ring = max(parts, key=lambda part: abs(maps.signed_area(part[0])))[0]
    return {"type": "Polygon", "coordinates": [ring.tolist()]}


def locator_map(facts: UnitFacts, lang: str = "en") -> Figure:
    """The 34 provinces since 2025 with this one highlighted; a zoom on its old parts, named."""
    u34 = _unit_geometries(facts)
    p63 = maps.features_by(data.boundaries("provinces_63", facts.data_dir), "province_id")
    own = u34[str(facts.code)]
    paths34 = maps.paths_by("units_34", "unit_2025_code", facts.data_dir)
    paths63 = maps.paths_by("provinces_63", "province_id", facts.data_dir)
    own_path = paths34[str(facts.code)]
    fig, (left, right) = charts.new_figure(charts.WIDTH, 4.6, 1, 2, width_ratios=[0.7, 1.4])
    maps.draw(left, paths34.values(), facecolor="#E6E6E6", edgecolor="white", linewidth=0.35)
    maps.draw(left, [own_path], facecolor=charts.HIGHLIGHT, edgecolor="white")
    maps.frame(left, maps.bounds(u34.values()))
    codes = dict(
        zip(facts.provinces["province_id"], facts.provinces["unit_2025_code"], strict=True)
    )
    for pid, label in maps.ARCHIPELAGOS.items():
        holder = str(int(codes[pid]))
        if holder in u34:
            maps.mark_offshore(
                left, u34[holder], label, fontsize=charts.MIN_TEXT_SIZE, color=charts.SUBTLE, lift=3
            )
    parts = [p63[p] for p in facts.parts if p in p63]
    part_paths = [paths63[p] for p in facts.parts if p in p63]
    maps.draw(right, paths34.values(), facecolor="#F0F0F0", edgecolor="white", linewidth=0.35)
    maps.draw(right, part_paths, facecolor=charts.HIGHLIGHT_LIGHT, edgecolor="white", linewidth=1)
    maps.draw(
        right, [own_path], facecolor="none", edgecolor=charts.OUTLINE, linewidth=1.3, zorder=5
    )
    # Zoom on the mainland parts: a distant island (Côn Đảo) would shrink the parts to dots.
    x0, y0, x1, y1 = maps.bounds([_largest(g) for g in [own, *parts]])
    pad = max(x1 - x0, y1 - y0) * 0.12
    maps.frame(right, (x0 - pad, y0 - pad, x1 + pad, y1 + pad), margin=0)
    for part in facts.parts:
        if part in p63:
            x, y = maps.label_point(p63[part])
            right.text(
                x,
                y,
                facts.names[part],
                ha="center",
                va="center",
                fontsize=charts.MIN_TEXT_SIZE,
                color=charts.TEXT,
                zorder=6,
            )
    left.set_title(
        say("unit.map.all_title", lang, count=len(u34)),
        fontsize=charts.MIN_TEXT_SIZE,
        color=charts.SUBTLE,
        loc="left",
    )
    right.set_title(
        say("unit.map.parts_title", lang),
        fontsize=charts.MIN_TEXT_SIZE,
        color=charts.SUBTLE,
        loc="left",
    )
    parts = join_names(facts.part_names, lang=lang)
    if len(facts.parts) == 1:
        title = say("unit.map.kept", lang, name=facts.name, part=facts.part_names[0])
    else:
        title = say("unit.map.formed", lang, name=facts.name, parts=parts)
    return charts.finish(
        fig,
        title,
        say("unit.map.subtitle", lang),
        _source(facts, [BOUNDARY_SOURCE, MERGER_SOURCE], lang),
        alt=say("unit.map.alt", lang, count=len(u34), name=facts.name, parts=parts),
        lang=lang,
    )


def grdp_figure(facts: UnitFacts, lang: str = "en") -> Figure:
    """GRDP per capita: computed from the parts (line) and published by the office (points)."""
    series = computed_series(facts, "grdp_per_capita")
    office = facts.office[facts.office["indicator"] == "grdp_per_capita"].sort_values("year")
    fig, ax = charts.new_figure(charts.WIDTH, 3.8)
    charts.tidy(ax, grid="y")
    if len(series):
        ax.plot(
            series["year"],
            series["value"],
            "-o",
            color=charts.HIGHLIGHT_LIGHT,
            linewidth=2.2,
            markersize=4,
            label=say("unit.grdp.computed", lang),
            zorder=3,
        )
    for row in office.itertuples(index=False):
        ax.plot(
            [int(row.year)], [float(row.value)], "D", color=charts.HIGHLIGHT, markersize=7, zorder=4
        )
        ax.annotate(
            say(
                "unit.grdp.point",
                lang,
                value=words.number(row.value, 1, lang=lang),
                status=str(row.status) if lang == "en" else status_word(row.status, lang),
            ),
            (int(row.year), row.value),
            xytext=(0, 8),
            textcoords="offset points",
            ha="center",
            fontsize=charts.MIN_TEXT_SIZE,
            color=charts.TEXT,
            # On a white box: the computed line may pass behind the office's 2020 label.
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0},
            zorder=6,
        )
    ax.plot([], [], "D", color=charts.HIGHLIGHT, label=say("unit.grdp.office", lang))
    # Under the chart: inside, it covered the office's latest figure on a phone-width chart.
    ax.legend(
        loc="upper left", bbox_to_anchor=(0.0, -0.1), frameon=False, fontsize=charts.MIN_TEXT_SIZE
    )
    ax.set_ylabel(say("unit.grdp.axis", lang))
    years = sorted({*series["year"].astype(int), *office["year"].astype(int)})
    ax.set_xticks(years, [str(y) for y in years])
    ax.margins(y=0.2)
    last = office.iloc[-1] if len(office) else None
    if last is not None and len(series):
        first = series.iloc[0]
        title = say(
            "unit.grdp.title",
            lang,
            name=facts.name,
            first=words.number(first["value"], 1, lang=lang),
            first_year=int(first["year"]),
            last=words.number(last["value"], 1, lang=lang),
            last_year=int(last["year"]),
        )
    else:
        title = say("unit.grdp.title_plain", lang, name=facts.name)
    return charts.finish(
        fig,
        title,
        say("unit.grdp.subtitle", lang),
        _source(facts, grdp_sources(facts), lang),
        alt=say("unit.grdp.alt", lang, name=facts.name),
        lang=lang,
    )


def parts_figure(facts: UnitFacts, indicator: str, lang: str = "en") -> Figure | None:
    """One line per old part for an indicator that is never combined (PCI, IIP)."""
    wide = side_by_side(facts, indicator)
    if wide.empty:
        return None
    row = indicator_row(facts, indicator)
    fig, ax = charts.new_figure(charts.WIDTH, 3.8)
    charts.tidy(ax, grid="y")
    colors = {name: PART_COLORS[k % len(PART_COLORS)] for k, name in enumerate(wide.columns)}
    charts.draw_lines(
        ax,
        wide,
        colors,
        label_format=lambda name, v: say(
            "unit.parts.label", lang, name=name, value=words.number(v, 1, lang=lang)
        ),
    )
    ax.set_ylabel(unit_word(row["unit"], lang))
    years = list(wide.index)
    step = max(1, math.ceil(len(years) / 8))  # at most 8 year labels: they must not overlap
    ax.set_xticks(years[::-1][::step][::-1], [str(y) for y in years[::-1][::step][::-1]])
    year = int(wide.index.max())
    last = wide.loc[year].dropna().sort_values(ascending=False)
    label = indicator_label(facts, indicator, lang)
    if len(last) > 1:
        title = say(
            "unit.parts.title_many",
            lang,
            label=upper_first(index_name(indicator, facts, lang)),
            year=year,
            top=last.index[0],
            count=len(last),
            high=words.number(last.iloc[0], 1, lang=lang),
            bottom=last.index[-1],
            low=words.number(last.iloc[-1], 1, lang=lang),
        )
    elif len(last) == 1 and not math.isnan(last.iloc[0]):
        value = words.number(last.iloc[0], 1, lang=lang)
        title = say(
            "unit.parts.title_one", lang, label=label, part=last.index[0], value=value, year=year
        )
    else:
        title = label
    sources = part_rows(facts, indicator)["source_id"].unique()
    return charts.finish(
        fig,
        title,
        say("unit.parts.subtitle", lang, label=with_unit(label, unit_word(row["unit"], lang))),
        _source(facts, sorted(sources), lang),
        alt=say(
            "unit.parts.alt",
            lang,
            label=label.lower() if lang == "en" else lower_first(label),
            parts=join_names(list(wide.columns), lang=lang),
        ),
        lang=lang,
    )
