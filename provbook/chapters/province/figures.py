"""Figures of the province chapter (matplotlib), each titled with its finding and sourced with
the rows it draws."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from provbook import text as words
from provbook.analysis import stats
from provbook.chapters.province.citations import sources_line
from provbook.chapters.province.facts import (
    BOUNDARY_SOURCE,
    GRDP_PC,
    IIP,
    MERGER_SOURCE,
    PARK_TYPES,
    PCI,
    STANDING_PANELS,
    STATUS_LABELS,
    STATUS_ORDER,
    Facts,
    dated_documents,
    growth_targets,
    growth_unit,
    iip_record,
    iip_record_all,
    iip_years,
    indicator_label,
    indicator_sources,
    indicator_unit,
    int_or_none,
    pci_subindex_standing,
    pci_subindices,
    period_span,
    quantitative_targets,
    results_with_plan,
    standing_sources,
    statistics_index,
    target_when,
)
from provbook.chapters.province.prose import (
    compare_changes,
    documents_values,
    fact_sources,
    growth_phrase,
    headline_targets,
    met_plan,
    parks_values,
    priorities_values,
    qualified_span,
    rate_phrase,
    results_values,
    share_of,
    statistics_values,
)
from provbook.chapters.province.tables import priorities_table
from provbook.datapackage import data
from provbook.draw import charts, maps
from provbook.text import counted, join_names, lower_first, missing, plural

#: Characters a line of a timeline's and of the priority matrix's row labels holds.
TIMELINE_LABEL = 28
PRIORITY_LABEL = 30


def locator_map(facts: Facts) -> Figure:
    """All pre-2025 provinces, this one highlighted, the 2025 unit outlined; a zoom beside it."""
    p63 = maps.features_by(data.boundaries("provinces_63", facts.data_dir), "province_id")
    u34 = maps.features_by(data.boundaries("units_34", facts.data_dir), "unit_2025_code")
    paths63 = maps.paths_by("provinces_63", "province_id", facts.data_dir)
    paths34 = maps.paths_by("units_34", "unit_2025_code", facts.data_dir)
    code = str(int(facts.profile["unit_2025_code"]))
    members = facts.provinces[facts.provinces["unit_2025_code"] == facts.profile["unit_2025_code"]]
    member_ids = [m for m in members["province_id"] if m in p63]
    unit = [u34[code]] if code in u34 else [p63[m] for m in member_ids]
    unit_paths = [paths34[code]] if code in u34 else [paths63[m] for m in member_ids]
    fig, (left, right) = charts.new_figure(charts.WIDTH, 4.6, 1, 2, width_ratios=[0.7, 1.4])
    for ax in (left, right):
        maps.draw(ax, paths63.values(), facecolor="#E6E6E6", edgecolor="white", linewidth=0.35)
        others = [paths63[m] for m in member_ids if m != facts.province]
        if others:
            maps.draw(
                ax, others, facecolor=charts.HIGHLIGHT_LIGHT, edgecolor="white", linewidth=0.5
            )
        if facts.province in p63:
            maps.draw(ax, [paths63[facts.province]], facecolor=charts.HIGHLIGHT, edgecolor="white")
        maps.draw(
            ax, unit_paths, facecolor="none", edgecolor=charts.OUTLINE, linewidth=1.1, zorder=5
        )
    maps.frame(left, maps.bounds(p63.values()))
    for pid, label in maps.ARCHIPELAGOS.items():
        if pid in p63:
            maps.mark_offshore(
                left, p63[pid], label, fontsize=charts.MIN_TEXT_SIZE, color=charts.SUBTLE, lift=3
            )
    x0, y0, x1, y1 = maps.bounds(unit)
    pad = max(x1 - x0, y1 - y0) * 0.12
    maps.frame(right, (x0 - pad, y0 - pad, x1 + pad, y1 + pad), margin=0)
    for m in member_ids:
        x, y = maps.label_point(p63[m])
        right.text(
            x,
            y,
            facts.names[m],
            ha="center",
            va="center",
            fontsize=charts.MIN_TEXT_SIZE,
            fontweight="bold" if m == facts.province else "normal",
            color="white" if m == facts.province else charts.TEXT,
            zorder=6,
        )
    right.set_title(
        f"{facts.unit_name} from 2025",
        fontsize=charts.MIN_TEXT_SIZE,
        color=charts.SUBTLE,
        loc="left",
    )
    left.set_title(
        f"The {len(facts.provinces)} provinces\nbefore 2025",
        fontsize=charts.MIN_TEXT_SIZE,
        color=charts.SUBTLE,
        loc="left",
    )
    if facts.partners:
        title = f"{facts.name} became part of {facts.unit_name} in 2025"
        sub = f"With {join_names(facts.partners)}; outline: the new unit ({facts.unit_name})"
    else:
        title = f"{facts.name} kept its borders in the 2025 merger, as {facts.unit_name}"
        sub = "Outline: the unit from 2025"
    return charts.finish(
        fig,
        title,
        sub,
        sources_line(facts, [BOUNDARY_SOURCE, MERGER_SOURCE]),
        alt=f"Map of Vietnam's {len(facts.provinces)} pre-2025 provinces with {facts.name} "
        f"highlighted and the outline of {facts.unit_name}, and a zoom on that unit.",
    )


def document_label(doc_type: str, number: str, title: str) -> str:
    """'Decision 244/QĐ-UBND: Plan for …'; a title that already names the document ('Decision
    244/QĐ-UBND on …', 'Resolution of the Congress') is not prefixed with its type and number
    again."""
    head = f"{doc_type.capitalize()} {number}".strip()
    if (number and number in title) or (not number and title.lower().startswith(doc_type)):
        return title
    return f"{head}: {title}"


def timeline_figure(facts: Facts) -> Figure | None:
    d = dated_documents(facts)
    if d.empty:
        return None
    issued = pd.to_numeric(d["issued_date"].str[:4], errors="coerce")
    labels = [
        document_label(t, n, title)
        for t, n, title in zip(d["doc_type"], d["number"].fillna(""), d["title_en"], strict=True)
    ]
    # Rows tall enough for the longest wrapped label (a phone-width chart wraps them more).
    lines = max(charts.wrap(label, TIMELINE_LABEL).count("\n") + 1 for label in labels)
    fig, ax = charts.new_figure(charts.WIDTH, 1.4 + max(0.68, 0.19 * lines + 0.12) * len(d))
    charts.tidy(ax, grid="x")
    charts.draw_timeline(
        ax,
        labels,
        d["period_start"].astype("Float64").to_numpy(dtype=float, na_value=np.nan),
        d["period_end"].astype("Float64").to_numpy(dtype=float, na_value=np.nan),
        d["vision_year"].astype("Float64").to_numpy(dtype=float, na_value=np.nan),
        issued.to_numpy(dtype=float),
        label_width=TIMELINE_LABEL,
    )
    ax.set_xlabel("Year")
    horizon = documents_values(facts)["documents_horizon"]
    title = (
        f"{facts.name}'s policy documents look ahead to {horizon}"
        if horizon
        else f"{facts.name}'s policy documents by date of issue"
    )
    return charts.finish(
        fig,
        title,
        "Years each document covers (bar), its longer vision (dotted) and date of issue (◆)",
        sources_line(facts, d["source_id"]),
        alt=f"Timeline of {plural(len(d), 'policy document')} for {facts.name}.",
    )


def targets_figure(facts: Facts) -> Figure | None:
    """Quantitative targets, one panel per unit; ranges drawn as ranges."""
    q = quantitative_targets(facts)
    if q.empty:
        return None
    q = q.assign(_unit=q["unit"].fillna(""))
    groups = list(dict.fromkeys(q["_unit"]))
    heights = [max(1, int((q["_unit"] == u).sum())) for u in groups]
    fig, axes = charts.new_figure(
        charts.WIDTH, 1.5 + 0.62 * sum(heights) + 0.35 * len(groups), len(groups), 1,
        height_ratios=[h + 0.9 for h in heights],
    )  # fmt: skip
    axes = np.atleast_1d(axes)
    for ax, unit in zip(axes, groups, strict=True):
        rows = q[q["_unit"] == unit]
        shown_unit = growth_unit(unit) if unit.startswith("%") else unit
        labels = [f"{r.indicator} ({target_when(r)[1] or 'no year'})" for _, r in rows.iterrows()]
        counted = set(rows["kind"]) == {"count"}
        charts.draw_ranges(
            ax,
            labels,
            rows["low"].tolist(),
            rows["high"].tolist(),
            value_labels=[
                qualified_span(a, b, qual, 2, "" if counted else shown_unit)
                for a, b, qual in zip(rows["low"], rows["high"], rows["qualifier"], strict=True)
            ],
        )
        if counted:
            ax.xaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
        ax.set_xlabel(unit or "value", loc="right")
    headline = headline_targets(facts, 1)[0]
    n_qual = int((facts.targets["kind"] == "qualitative").sum())
    sub = "Targets with figures, one panel per unit; bars are ranges, dots single values"
    if n_qual:
        sub += f". Targets in words only ({n_qual}) are listed in the table"
    return charts.finish(
        fig,
        f"{facts.name}'s headline target: {headline}",
        sub,
        sources_line(facts, q["source_id"]),
        alt=f"Chart of {plural(len(q), 'quantitative target')} of {facts.name}.",
    )


def _to(target) -> str:
    """'to 2030', 'in 2026–2030' (a period) or 'to ?'."""
    how, when = target_when(target)
    return f"in {when}" if how == "in" else f"to {when or '?'}"


def ambition_figure(facts: Facts) -> Figure | None:
    """Annual growth targets beside the province's IIP record and the national record."""
    g = growth_targets(facts)
    if g.empty:
        return None
    first, last = iip_years(facts)
    record = iip_record(facts)
    national = iip_record(facts, stats.NATIONAL)
    median = stats.median(iip_record_all(facts))
    labels = [f"Target: {r.indicator}, {_to(r)}" for _, r in g.iterrows()]
    labels += [
        f"Record: {facts.name}, industrial production {first}–{last}",
        f"Record: Vietnam, {first}–{last}",
        f"Record: median province, {first}–{last}",
    ]
    low = [*g["low"].tolist(), record, national, median]
    high = [*g["high"].tolist(), record, national, median]
    colors = [charts.HIGHLIGHT] * len(g) + [charts.HIGHLIGHT_LIGHT, charts.NATIONAL, charts.MEDIAN]
    fig, ax = charts.new_figure(charts.WIDTH, 1.7 + 0.5 * len(labels))
    charts.draw_ranges(
        ax, labels, low, high, colors,
        value_labels=[words.span(a, b, 1, "%") for a, b in zip(low, high, strict=True)],
        label_width=28,
    )  # fmt: skip
    ax.set_xlabel("% per year", loc="right")
    top = g.iloc[0]
    goal = float(np.nanmean([top["low"], top["high"]]))
    relation = "above" if goal > record else "below" if goal < record else "equal to"
    title = (
        f"{facts.name} targets {words.span(top['low'], top['high'], 1, '%')} "
        f"{lower_first(str(top['indicator']))} a year, {relation} its {first}–{last} record "
        f"({rate_phrase(record)})"
    )
    return charts.finish(
        fig,
        title,
        "Annual growth targets beside average yearly growth of the GSO index of industrial "
        "production (IIP), % per year. The IIP covers all industry, not only the targeted branch",
        sources_line(facts, [*g["source_id"], *indicator_sources(facts, [IIP])]),
        alt=f"Growth targets of {facts.name} compared with its industrial production record.",
    )


#: Bars of reported results: neither good (green) nor bad (orange), see results_figure.
RESULT_COLOR = "#5E7A96"


def results_figure(facts: Facts) -> Figure | None:
    r = results_with_plan(facts)
    shown = r[r["share_of_plan"].notna() | r["change_prev_year_pct"].notna()]
    if shown.empty:
        return None
    periods = [period_span(row.period_start, row.period_end) for row in shown.itertuples()]
    one_period = len(set(periods)) == 1  # then the title gives it, not every label
    labels = [
        row.indicator if one_period or not period else f"{row.indicator} ({period})"
        for row, period in zip(shown.itertuples(), periods, strict=True)
    ]
    panels = [
        (col, base, xlabel)
        for col, base, xlabel in (
            ("share_of_plan", 100.0, "% of plan\n(100 = plan met)"),
            ("change_prev_year_pct", 0.0, "change on\nprevious year, %"),
        )
        if shown[col].notna().any()
    ]
    fig, axes = charts.new_figure(
        charts.WIDTH, 1.6 + 0.45 * len(shown), 1, len(panels), sharey=True
    )
    axes = np.atleast_1d(axes)
    for k, (ax, (col, base, xlabel)) in enumerate(zip(axes, panels, strict=True)):
        values = shown[col].tolist()
        # One neutral colour: whether a figure above the plan (more imports, say) is good is
        # not in the data, and is for the text to say, not the colour.
        colors = [RESULT_COLOR] * len(values)
        charts.draw_hbars(
            ax,
            labels,
            values,
            colors,
            base=base,
            value_labels=[
                words.number(v, 1, "" if col == "share_of_plan" else "%")
                if not missing(v) else "not reported"
                for v in values
            ],
            label_width=22 if len(panels) > 1 else 28,
        )  # fmt: skip
        ax.set_xlabel(xlabel, loc="right")
        if k > 0:
            ax.tick_params(labelleft=False)
    v = results_values(facts)
    year = (
        int_or_none(shown["period_end"].mode().iloc[0])
        if shown["period_end"].notna().any()
        else None
    )
    when = f" in {year}" if year else ""
    if v["n_results_with_plan"]:
        met = met_plan(v["n_over_plan"], v["n_results_with_plan"], "plan figure", "plan figures")
        title = f"{facts.name} {met}{when}"
    else:
        growing = int((shown["change_prev_year_pct"] > 0).sum())
        if len(shown) == 1:
            verb = "grew" if growing else "did not grow"
            title = f"The one reported figure for {facts.name} {verb}{when}"
        else:
            part = share_of(growing, len(shown), "reported figures").replace(" its ", " the ")
            title = f"{part[0].upper()}{part[1:]} for {facts.name} grew{when}"
    return charts.finish(
        fig,
        title,
        "Results as reported, drawn from the plan (100 = plan met) or from no change on the "
        "previous year (0)",
        sources_line(facts, shown["source_id"]),
        alt=f"Bar chart of {plural(len(shown), 'reported result')} of {facts.name} against plan.",
    )


def parks_figure(facts: Facts) -> Figure | None:
    """Parks and clusters by status (stacked by type) and, where given, area by developer;
    each park counted once (data.distinct_parks), statuses and labels from data.PARK_STATUSES."""
    p = data.distinct_parks(facts.parks)
    if p.empty:
        return None
    counts = (
        p.assign(type=p["park_type"].map(PARK_TYPES))
        .pivot_table(index="status", columns="type", values="park_id", aggfunc="count")
        .reindex([s for s in STATUS_ORDER if s in set(p["status"])])
    )
    counts.index = [STATUS_LABELS[s] for s in counts.index]
    counts = counts[[t for t in PARK_TYPES.values() if t in counts.columns]]
    with_area = p[p["area_ha"].notna()]
    ncols = 2 if len(with_area) else 1  # panels, stacked vertically
    developers = with_area["developer"].fillna("not named").nunique()
    sizes = [len(counts), developers][:ncols]
    fig, axes = charts.new_figure(
        charts.WIDTH, 1.9 + 0.5 * sum(sizes) + 0.6 * ncols, ncols, 1,
        height_ratios=[n + 1.4 for n in sizes],
    )  # fmt: skip
    axes = np.atleast_1d(axes)
    type_colors = dict(zip(PARK_TYPES.values(), charts.CATEGORICAL, strict=False))
    charts.draw_stacked_hbars(
        axes[0], counts, type_colors, label_width=20, total_format=lambda v: f"{int(v)}"
    )
    axes[0].set_xlabel("number of parks and clusters by status", loc="right")
    if ncols == 2:
        # Stacked by type in the first panel's colours: a cluster's area is never drawn in the
        # colour of the parks.
        by_dev = (
            with_area.assign(
                developer=with_area["developer"].astype("object").fillna("not named"),
                type=with_area["park_type"].map(PARK_TYPES),
            )
            .pivot_table(index="developer", columns="type", values="area_ha", aggfunc="sum")
            .fillna(0.0)
        )
        by_dev = by_dev.loc[by_dev.sum(axis=1).sort_values(ascending=False, kind="stable").index]
        by_dev = by_dev[[t for t in PARK_TYPES.values() if t in by_dev.columns]]
        charts.draw_stacked_hbars(
            axes[1],
            by_dev,
            type_colors,
            label_width=28,
            total_format=lambda v: words.number(v, 1, "ha"),
            legend=False,
        )
        axes[1].set_xlabel("reported area by developer, ha", loc="right")
    v = parks_values(facts)
    status_counts = p["status"].value_counts()
    top, k = status_counts.index[0], int(status_counts.iloc[0])
    share = "all" if k == len(p) else f"{k} of them"
    title = (
        f"{facts.name}: {plural(len(p), 'park or cluster', 'parks and clusters')} named, "
        f"{share} {STATUS_LABELS[top]}"
    )
    sub = f"Industrial parks (KCN), clusters (CCN) and other zones named in {fact_sources(facts)}"
    if ncols == 2:
        sub += (
            f"; {plural(v['n_parks_with_area'], 'has', 'have')} an area "
            f"({words.number(v['parks_area_ha'], 1, 'ha')})"
        )
    return charts.finish(
        fig,
        title,
        sub,
        sources_line(facts, facts.parks["source_id"]),  # every mention's source, as the caption
        alt=f"Bar charts of the industrial parks and clusters of {facts.name} by status"
        + (" and their area by developer." if ncols == 2 else "."),
    )


def priorities_figure(facts: Facts) -> Figure | None:
    """The province's codes (rows; sectors, then instruments) across the coded provinces."""
    t = priorities_table(facts)
    if t.empty:
        return None
    coded = sorted(set(facts.all_priorities["province_id"]), key=lambda p: (p != facts.province, p))
    held = set(zip(facts.all_priorities["province_id"], facts.all_priorities["code"], strict=True))
    groups = [
        (title, t[t["Dimension"] == dim])
        for dim, title in (("sector", "Priority sectors"), ("instrument", "Policy instruments"))
        if (t["Dimension"] == dim).any()
    ]
    # Rows tall enough for the longest wrapped label (a phone-width chart wraps them more).
    lines = max(charts.wrap(p, PRIORITY_LABEL).count("\n") + 1 for p in t["Priority"])
    row = 0.3 + 0.17 * (lines - 1)
    sizes = [len(rows) for _, rows in groups]
    fig, axes = charts.new_figure(
        charts.WIDTH, 1.7 + row * sum(sizes) + 0.45 * len(groups), len(groups), 1,
        height_ratios=[n * row / 0.3 + 1.2 for n in sizes],
    )  # fmt: skip
    for k, (ax, (title, rows)) in enumerate(zip(np.atleast_1d(axes), groups, strict=True)):
        present = np.array([[(p, c) in held for p in coded] for c in rows["Code"]])
        charts.draw_matrix(
            ax,
            list(rows["Priority"]),
            [facts.names[p] for p in coded] if k == 0 else [""] * len(coded),
            present,
            highlight_column=0,
            label_width=PRIORITY_LABEL,
        )
        ax.set_ylabel(title, rotation=0, ha="left", va="bottom", fontweight="bold")
        ax.yaxis.set_label_coords(-0.0, 1.0)
        ax.set_title(title, loc="left", fontsize=charts.LABEL_SIZE + 0.5, color=charts.TEXT)
        ax.set_ylabel("")
    v = priorities_values(facts)
    return charts.finish(
        fig,
        f"{facts.name} names {counted(v['n_sectors'], 'priority sector')} and "
        f"{counted(v['n_instruments'], 'policy instrument')}",
        f"Codes supported by {fact_sources(facts)} on {facts.name} (rows); a dot means the "
        "sources on that province support the code too",
        sources_line(facts, sorted(set(facts.all_priorities["source_id"]))),
        alt=f"Dot matrix of the priority codes of {facts.name} across the coded provinces.",
    )


def iip_title(facts: Facts) -> str:
    """The industrial production chart's finding: the province's yearly change set against
    Vietnam's (:func:`compare_changes`: right for rises, falls and no change on either side)."""
    v = statistics_values(facts)
    return (
        f"{facts.name}'s industrial production {growth_phrase(v['iip_record'])} in "
        f"{v['iip_first_year']}–{v['iip_last_year']}, "
        + compare_changes(v["iip_record"], v["iip_record_vietnam"], "Vietnam")
    )


def iip_figure(facts: Facts) -> Figure:
    s = statistics_index(facts)
    province = stats.growth_from_index(s.series(facts.province, IIP))
    national = stats.growth_from_index(s.series(stats.NATIONAL, IIP))
    medians = {
        y: stats.median(stats.growth_from_index(s.cross_section(IIP, y))) for y in s.years(IIP)
    }
    frame = pd.DataFrame(
        {facts.name: province, "Vietnam": national, "Median province": pd.Series(medians)}
    ).sort_index()
    fig, ax = charts.new_figure(charts.WIDTH, 3.9)
    charts.tidy(ax, grid="y")
    charts.draw_lines(
        ax,
        frame,
        {
            facts.name: charts.HIGHLIGHT,
            "Vietnam": charts.NATIONAL,
            "Median province": charts.MEDIAN,
        },
        styles={"Median province": "--"},
    )
    ax.axhline(0, color="#9A9A9A", linewidth=0.8)
    ax.set_ylabel("growth on previous year, %")
    v = statistics_values(facts)
    return charts.finish(
        fig,
        iip_title(facts),
        "Growth of the GSO index of industrial production on the previous year, % "
        f"({stats.ordinal(v['iip_record_rank'])} of {v['iip_record_count']} provinces on the "
        "average)",
        sources_line(facts, indicator_sources(facts, [IIP])),
        alt=f"Line chart of yearly industrial production growth of {facts.name}, Vietnam and "
        "the median province.",
    )


def grdp_figure(facts: Facts) -> Figure:
    over = statistics_index(facts).over_time(facts.province, GRDP_PC).set_index("year")
    frame = pd.DataFrame({facts.name: over["value"], "Median province": over["median"]})
    fig, ax = charts.new_figure(charts.WIDTH, 3.8)
    charts.tidy(ax, grid="y")
    charts.draw_lines(
        ax,
        frame,
        {facts.name: charts.HIGHLIGHT, "Median province": charts.MEDIAN},
        styles={"Median province": "--"},
    )
    ax.margins(x=0.08)  # the first rank label clear of the value axis
    for year, row in over.iloc[:-1].iterrows():  # the title gives the last year's rank
        if not missing(row["rank"]):
            ax.annotate(
                stats.ordinal(row["rank"]),
                (year, row["value"]),
                xytext=(0, 9),
                textcoords="offset points",
                ha="center",
                fontsize=charts.MIN_TEXT_SIZE,
                color=charts.HIGHLIGHT,
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 0.5},
            )
    top = frame.max().max()
    ax.set_ylim(0, max(top * 1.18, 1) if pd.notna(top) else 1)
    ax.set_ylabel("million VND")
    v = statistics_values(facts)
    if over["value"].notna().any():
        title = (
            f"{facts.name}'s GRDP per capita ranked {stats.ordinal(v['grdp_pc_rank'])} of "
            f"{v['grdp_pc_count']} provinces in {v['grdp_pc_year']}"
        )
    else:  # e.g. a chapter read with statistics_until before the first GRDP year
        title = f"No GRDP per capita figures for {facts.name} in the statistics used"
        ax.text(0.5, 0.5, "no figures", transform=ax.transAxes, ha="center", color=charts.SUBTLE)
    if v["grdp_pc_first_rank"] and v["grdp_pc_first_year"] != v["grdp_pc_year"]:
        title += f" ({stats.ordinal(v['grdp_pc_first_rank'])} in {v['grdp_pc_first_year']})"
    return charts.finish(
        fig,
        title,
        "GRDP per capita, million VND at current prices; labels give the rank among the "
        f"{len(facts.provinces)} provinces each year",
        sources_line(facts, indicator_sources(facts, [GRDP_PC])),
        alt=f"Line chart of GRDP per capita of {facts.name} and the median province.",
    )


def standing_title(facts: Facts) -> str:
    """The standing chart's finding, each rank with its year."""
    v = statistics_values(facts)
    return (
        f"{facts.name} among the {len(facts.provinces)} provinces: "
        f"{stats.ordinal(v['grdp_pc_rank'])} in GRDP per capita ({v['grdp_pc_year']}), "
        f"{stats.ordinal(v['pci_rank'])} in the PCI ({v['pci_year']})"
    )


def standing_figure(facts: Facts) -> Figure:
    """Where the province stands among all provinces on each headline statistic."""
    s = statistics_index(facts)
    records = iip_record_all(facts)
    first, last = iip_years(facts)
    panels = [
        (records, f"Industrial production growth, average {first}–{last}, % per year", False, "%"),
    ]
    for ind, log in STANDING_PANELS:
        year = s.latest_year(ind)
        if year is None:
            continue
        label = f"{indicator_label(facts, ind)}, {year}, {indicator_unit(facts, ind)}"
        statuses = s.rows(ind, year)["status"]
        if statuses.isin(["preliminary", "estimate"]).any():  # e.g. the FIA's quick reports
            label += " (preliminary)"
        panels.append((s.cross_section(ind, year), label, log, ""))
    fig, axes = charts.new_figure(charts.WIDTH, 1.0 + 0.9 * len(panels), len(panels), 1)
    for ax, (values, label, log, unit) in zip(np.atleast_1d(axes), panels, strict=True):
        suffix = f" ({stats.ordinal(stats.rank(values, facts.province))} of {len(values)})"
        charts.draw_strip(
            ax,
            values,
            facts.province,
            label,
            log=log,
            value_format=lambda x, u=unit, t=suffix: words.number(x, 1, u) + t,
        )
        if facts.province not in values.index:
            ax.annotate(
                f"no figure for {facts.name}", (0.99, 0.7), xycoords="axes fraction",
                ha="right", fontsize=charts.MIN_TEXT_SIZE, color=charts.SUBTLE,
            )  # fmt: skip
    return charts.finish(
        fig,
        standing_title(facts),
        f"Each grey tick is a province, the dot is {facts.name} (rank 1 = highest), the taller "
        "dark tick is the median. Log scales for FDI, population and density",
        sources_line(facts, standing_sources(facts)),
        alt=f"Strip charts placing {facts.name} among all provinces on six statistics.",
    )


def pci_title(facts: Facts) -> str:
    """The PCI chart's finding, each figure with its own year: the composite score's rank of its
    last year and, when the sub-indices end earlier, their year too (2022 rank, 2016 sub-index)."""
    v = statistics_values(facts)
    title = (
        f"{facts.name} ranked {stats.ordinal(v['pci_rank'])} of {v['pci_count']} in the "
        f"{v['pci_year']} PCI"
    )
    if not v["pci_best_subindex"]:
        return title
    if v["pci_subindex_year"] == v["pci_year"]:
        return title + f", strongest on {v['pci_best_subindex']} against the median"
    return (
        title + f"; in {v['pci_subindex_year']} its strongest sub-index against the median "
        f"was {v['pci_best_subindex']}"
    )


def pci_figure(facts: Facts) -> Figure:
    over = statistics_index(facts).over_time(facts.province, PCI).set_index("year")
    sub = pci_subindex_standing(facts)
    rows = max(len(sub), 6)  # the composite on top, the sub-indices below: a phone is narrow
    fig, (left, right) = charts.new_figure(
        charts.WIDTH, 3.8 + 0.36 * rows, 2, 1, height_ratios=[2.4, 0.36 * rows + 0.6]
    )
    charts.tidy(left, grid="y")
    frame = pd.DataFrame({facts.name: over["value"], "Median": over["median"]})
    charts.draw_lines(
        left,
        frame,
        {facts.name: charts.HIGHLIGHT, "Median": charts.MEDIAN},
        styles={"Median": "--"},
    )
    years = list(frame.index)
    shown = sorted({years[0], years[len(years) // 2], years[-1]})
    left.set_xticks(shown, [str(y) for y in shown])
    left.set_ylabel("PCI score (0-100)")
    left.set_title("Composite PCI by year", loc="left", fontsize=charts.LABEL_SIZE + 0.5)
    if len(sub):
        ys = np.arange(len(sub))[::-1]
        for y, row in zip(ys, sub.itertuples(), strict=True):
            color = charts.OVER if row.gap >= 0 else charts.UNDER
            right.plot([row.median, row.value], [y, y], color=color, linewidth=2.4, zorder=2)
            right.plot([row.median], [y], "|", color=charts.MEDIAN, markersize=12, mew=2)
            right.plot([row.value], [y], "o", color=charts.HIGHLIGHT, markersize=6, zorder=3)
        right.set_yticks(ys, [charts.wrap(lbl, 30) for lbl in sub["label"]])
        right.set_ylim(-0.6, len(sub) - 0.4)
        right.set_xlim(0, 10)
        right.set_xlabel("sub-index score (0-10); grey tick = median", loc="right")
        right.set_title(
            f"Sub-indices {int(sub['year'].iloc[0])}", loc="left", fontsize=charts.LABEL_SIZE + 0.5
        )
    else:
        charts.message_axes(right, "No PCI sub-indices for this province")
    return charts.finish(
        fig,
        pci_title(facts),
        "Provincial Competitiveness Index: weighted composite score (top) and sub-indices of "
        "their last year against the median province (bottom)",
        sources_line(facts, indicator_sources(facts, [PCI, *pci_subindices(facts)])),
        alt=f"Line chart of the PCI of {facts.name} and dumbbell chart of its sub-indices.",
    )
