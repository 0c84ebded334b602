"""The 2025 merger: the unit each compared province joined, on a map, in a table and in the
section's sentences.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from provbook.chapters.common.cache import cached
from provbook.chapters.comparative.core import (
    BOUNDARIES_NEW,
    BOUNDARIES_OLD,
    BOUNDARY_SOURCE,
    MERGER_SOURCE,
    Comparison,
    ShownTable,
    province_colors,
    province_names,
    source_labels,
    sources_line,
)
from provbook.datapackage.names import strip_admin_prefix
from provbook.draw import charts, maps
from provbook.text import join_names, long_date
from provbook.words import say

W = "comparative.merger"


def merger_date(iso: str, lang: str = "en") -> str:
    """The merger's date as the chapter writes it: as the data has it in English (the English
    edition has always said '2025-07-01'), a long date in another language."""
    return iso if lang == "en" else long_date(iso, lang)


# ---------------------------------------------------------------------------------------------
# Tables and figures from the data tables (tested on small synthetic tables)


def merger_frame(provinces: pd.DataFrame, units: pd.DataFrame, ids: Sequence[str]) -> pd.DataFrame:
    """For each compared province: the unit it joined on the merger date and with whom (the
    rows; :func:`merger_table` is the table the chapter shows, with its sources)."""
    province_names(provinces, ids)
    unit_names = units.set_index("unit_2025_code")["name_vi"]
    by_id = provinces.set_index("province_id")
    rows = []
    for pid in ids:
        row = by_id.loc[pid]
        members = provinces[provinces["unit_2025_code"] == row["unit_2025_code"]]
        partners = members[members["province_id"] != pid].sort_values("name_vi")
        rows.append(
            {
                "province_id": pid,
                "Province": row["name_vi"],
                "Unit from the merger": unit_names[row["unit_2025_code"]],
                "unit_2025_code": int(row["unit_2025_code"]),
                "Joined with": join_names(list(partners["name_vi"])) if len(partners) else "–",
                "Provinces in the unit": len(members),
                "Merged on": row["merged_on"].date().isoformat(),
            }
        )
    return pd.DataFrame(rows)


def merger_map(
    old: dict,
    new: dict,
    provinces: pd.DataFrame,
    units: pd.DataFrame,
    ids: Sequence[str],
    title: str,
    subtitle: str,
    source: str,
    lang: str = "en",
) -> Figure:
    """All new units in grey, those that absorbed a compared province tinted in its colour, the
    compared provinces' old outlines drawn over them. The extent is the whole country with its
    archipelagos: nothing is cropped."""
    names = province_names(provinces, ids)
    colors = province_colors(ids)
    unit_of = provinces.set_index("province_id")["unit_2025_code"].astype(int)
    unit_geoms = {int(k): g for k, g in maps.features_by(new, "unit_2025_code").items()}
    old_geoms = maps.features_by(old, "province_id")
    units_by_code = units.set_index("unit_2025_code")
    tint = {int(unit_of[p]): colors[p] for p in ids}
    extent = maps.bounds([*unit_geoms.values(), *old_geoms.values()])
    fig, ax = charts.new_figure(charts.WIDTH, 7.4)
    # Grey edges, so that the small islands stay visible at the national scale.
    maps.draw(
        ax, list(unit_geoms.values()), facecolor="#E6E6E6", edgecolor="#A9A9A9", linewidth=0.4
    )
    for code, color in tint.items():
        maps.draw(
            ax,
            [unit_geoms[code]],
            facecolor=color,
            alpha=0.3,
            edgecolor="white",
            linewidth=0.6,
            zorder=2,
        )
    for pid in ids:
        maps.draw(
            ax, [old_geoms[pid]], facecolor="none", edgecolor=colors[pid], linewidth=1.6, zorder=3
        )
    for code in tint:
        x, y = maps.label_point(unit_geoms[code])
        # A unit in the eastern half is labelled to its west, so no label leaves the canvas.
        east = x > (extent[0] + extent[2]) / 2
        ax.annotate(
            strip_admin_prefix(units_by_code.loc[code, "name_vi"]),
            (x, y),
            xytext=(-34 if east else 34, 0),
            textcoords="offset points",
            ha="right" if east else "left",
            va="center",
            fontsize=charts.LABEL_SIZE,
            fontweight="bold",
            color=charts.TEXT,
            arrowprops={"arrowstyle": "-", "color": charts.SUBTLE, "lw": 0.6},
            zorder=5,
        )
    # Each archipelago lies in the unit that kept the name (and id slug) of the province that held
    # it: Đà Nẵng, Khánh Hòa (maps.ARCHIPELAGOS, keyed by the old province).
    by_unit_id = units.set_index("unit_2025_id")["unit_2025_code"]
    for pid, label in maps.ARCHIPELAGOS.items():
        unit_id = f"{pid}-2025"
        if unit_id not in by_unit_id.index or int(by_unit_id[unit_id]) not in unit_geoms:
            continue
        maps.mark_offshore(
            ax,
            unit_geoms[int(by_unit_id[unit_id])],
            label,
            fontsize=charts.LABEL_SIZE - 0.5,
            color=charts.SUBTLE,
            lift=4,
        )
    maps.frame(ax, extent)
    # The legend hangs under the map: the map sits at the bottom of its box, so that the room
    # constrained layout keeps for the legend does not depend on where a box of another shape
    # would have put the map (centred, it moved between the layout's passes and the legend
    # ran into the source line).
    ax.set_anchor("S")
    merged = provinces.set_index("province_id").loc[list(ids), "merged_on"].min().date()
    date = merger_date(merged.isoformat(), lang)
    handles = [
        Patch(
            facecolor="white",
            edgecolor=colors[p],
            linewidth=1.6,
            label=say(f"{W}.legend.before", lang, name=names[p], date=date),
        )
        for p in ids
    ]
    handles.append(
        Patch(
            facecolor="#E6E6E6", edgecolor="white", label=say(f"{W}.legend.unit", lang, date=date)
        )
    )
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.0, 0.0),  # under the map: inside, it covered names on a phone
        frameon=False,
        fontsize=charts.LABEL_SIZE - 0.5,
    )
    return charts.finish(fig, title, subtitle, source, lang=lang)


def merger_text(merger: pd.DataFrame, lang: str = "en") -> str:
    """Who joined how many others, from :func:`merger_frame`: 'Bắc Kạn and Long An each joined
    one other province; Lâm Đồng joined two others'."""
    parts = []
    for size, group in merger.groupby("Provinces in the unit", sort=True):
        others = int(size) - 1
        who = join_names(list(group["Province"]), lang=lang)
        how = "alone" if others == 0 else "one" if others == 1 else "more"
        many = "many" if len(group) > 1 else "one"
        parts.append(say(f"{W}.partners.{how}_{many}", lang, who=who, k=others))
    return "; ".join(parts)


# ---------------------------------------------------------------------------------------------
# The section for a Comparison: what the chapter glues, draws and shows


@cached
def merger(cmp: Comparison) -> pd.DataFrame:
    """:func:`merger_frame` of the compared provinces, computed once per Comparison."""
    return merger_frame(cmp.provinces, cmp.units, cmp.ids)


def merger_values(cmp: Comparison, lang: str = "en") -> dict:
    table = merger(cmp)
    k = int(table["unit_2025_code"].nunique())
    return {
        "merger_date": merger_date(table["Merged on"].iloc[0], lang),
        "n_receiving_units": k,
        "merger_partners_text": merger_text(table, lang),
        "merger_intro_text": (
            say(f"{W}.intro_many", lang, n=cmp.n, k=k) if cmp.n > 1 else say(f"{W}.intro_one", lang)
        ),
        "merger_sources": sources_line(cmp, [BOUNDARY_SOURCE, MERGER_SOURCE], lang),
    }


def merger_figure(cmp: Comparison, lang: str = "en") -> Figure:
    table = merger(cmp)
    k = int(table["unit_2025_code"].nunique())
    merged_on = merger_date(table["Merged on"].iloc[0], lang)
    return merger_map(
        cmp.boundary(BOUNDARIES_OLD),
        cmp.boundary(BOUNDARIES_NEW),
        cmp.provinces,
        cmp.units,
        cmp.ids,
        say(f"{W}.title_{'many' if cmp.n > 1 else 'one'}", lang, count=k),
        say(f"{W}.subtitle", lang, date=merged_on),
        sources_line(cmp, [BOUNDARY_SOURCE, MERGER_SOURCE], lang),
        lang,
    )


def merger_table(cmp: Comparison, lang: str = "en") -> ShownTable:
    """The table the section shows (:func:`merger_frame`'s rows with their source)."""
    table = merger(cmp)
    table = table.assign(Source=source_labels(cmp, [MERGER_SOURCE], lang))
    columns = ["Province", "Unit from the merger", "Joined with", "Provinces in the unit"]
    columns.append("Source")
    shown = table[columns]
    if lang != "en":  # the partners' names joined in the edition's words
        by_code = cmp.provinces.set_index("province_id")
        partners = [
            join_names(
                sorted(
                    by_code.loc[
                        (by_code["unit_2025_code"] == code) & (by_code.index != pid), "name_vi"
                    ]
                ),
                empty="–",
                lang=lang,
            )
            for pid, code in zip(table["province_id"], table["unit_2025_code"], strict=True)
        ]
        shown = shown.assign(**{"Joined with": partners})
    head = {c: say(f"{W}.table.{i}", lang) for i, c in enumerate(columns)}
    return ShownTable(
        shown.rename(columns=head),
        say(f"{W}.table.caption", lang),
        "comparative_merger.csv",
        csv=table,
        lang=lang,
    )
