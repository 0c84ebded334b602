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
    PCI,
    STANDING_PANELS,
    STATUS_ORDER,
    Facts,
    article_sources,
    codebook_word,
    data_unit,
    dated_documents,
    growth_targets,
    growth_unit,
    headline_order,
    iip_record,
    iip_record_all,
    iip_years,
    indicator_label,
    indicator_sources,
    indicator_unit,
    int_or_none,
    ordinal,
    pci_subindex_standing,
    pci_subindices,
    period_span,
    quantitative_targets,
    results_with_plan,
    span_as_stated,
    standing_sources,
    statistics_index,
    target_when,
)
from provbook.chapters.province.prose import (
    compare_changes,
    documents_values,
    growth_phrase,
    parks_values,
    priorities_values,
    rate_phrase,
    results_values,
    statistics_values,
)
from provbook.chapters.province.tables import priorities_table
from provbook.datapackage import data
from provbook.draw import charts, maps
from provbook.text import join_names, lower_first, missing
from provbook.words import say


def _say(key: str, lang: str, /, count=None, **fields) -> str:
    """A chart's words: ``charts.<key>`` of provbook/words/<lang>/charts.toml."""
    return say(f"charts.{key}", lang, count=count, **fields)


def sources_of(facts: Facts, lang: str) -> str:
    """'the article', 'the 4 sources' (:func:`prose.fact_sources`), in the edition's language."""
    ids = article_sources(facts)
    kinds = facts.sources.set_index("source_id")["kind"].reindex(ids)
    noun = "article" if len(ids) and (kinds == "article").all() else "source"
    return _say(f"fact_sources.{noun}", lang, count=len(ids))


#: Characters a line of a timeline's and of the priority matrix's row labels holds.
TIMELINE_LABEL = 28
PRIORITY_LABEL = 30


def locator_map(facts: Facts, lang: str = "en") -> Figure:
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
        _say("map.unit_from_2025", lang, unit=facts.unit_name),
        fontsize=charts.MIN_TEXT_SIZE,
        color=charts.SUBTLE,
        loc="left",
    )
    left.set_title(
        _say("map.provinces_before", lang, count=len(facts.provinces)),
        fontsize=charts.MIN_TEXT_SIZE,
        color=charts.SUBTLE,
        loc="left",
    )
    if facts.partners:
        # 'hợp nhất vào tỉnh Cà Mau': the unit's administrative word in lower case mid-sentence
        unit = facts.unit_name if lang == "en" else lower_first(facts.unit_name)
        title = _say("map.title_merged", lang, name=facts.name, unit=unit)
        partners = join_names(facts.partners, lang=lang)
        sub = _say("map.sub_merged", lang, partners=partners, unit=facts.unit_name)
    else:
        unit = facts.unit_name if lang == "en" else lower_first(facts.unit_name)
        title = _say("map.title_kept", lang, name=facts.name, unit=unit)
        sub = _say("map.sub_kept", lang)
    return charts.finish(
        fig,
        title,
        sub,
        sources_line(facts, [BOUNDARY_SOURCE, MERGER_SOURCE], lang),
        alt=_say(
            "map.alt", lang, count=len(facts.provinces), name=facts.name, unit=facts.unit_name
        ),
        lang=lang,
    )


def document_label(doc_type: str, number: str, title: str) -> str:
    """'Decision 244/QĐ-UBND: Plan for …'; a title that already names the document ('Decision
    244/QĐ-UBND on …', 'Resolution of the Congress') is not prefixed with its type and number
    again."""
    head = f"{doc_type.capitalize()} {number}".strip()
    if (number and number in title) or (not number and title.lower().startswith(doc_type)):
        return title
    return f"{head}: {title}"


def document_label_in(doc_type: str, number: str, title: str, lang: str = "en") -> str:
    """:func:`document_label` in the edition's language: the document's Vietnamese title and
    type in the Vietnamese edition ('Kế hoạch 06/KH-UBND: ...')."""
    if lang == "en":
        return document_label(doc_type, number, title)
    kind = codebook_word("doc_type", doc_type, lang)
    head = _say("timeline.document", lang, type=kind[:1].upper() + kind[1:], number=number)
    if (number and number in title) or (not number and title.lower().startswith(kind)):
        return title
    return f"{head.strip()}: {title}"


def timeline_figure(facts: Facts, lang: str = "en") -> Figure | None:
    d = dated_documents(facts)
    if d.empty:
        return None
    issued = pd.to_numeric(d["issued_date"].str[:4], errors="coerce")
    titles = d["title_en" if lang == "en" else "title_vi"].fillna(d["title_en"])
    labels = [
        document_label_in(t, n, title, lang)
        for t, n, title in zip(d["doc_type"], d["number"].fillna(""), titles, strict=True)
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
        no_start=_say("timeline.start_not_given", lang),
    )
    ax.set_xlabel(_say("year", lang))
    horizon = documents_values(facts)["documents_horizon"]
    title = (
        _say("timeline.title_horizon", lang, name=facts.name, horizon=horizon)
        if horizon
        else _say("timeline.title_issued", lang, name=facts.name)
    )
    return charts.finish(
        fig,
        title,
        _say("timeline.subtitle", lang),
        sources_line(facts, d["source_id"], lang),
        alt=_say("timeline.alt", lang, count=len(d), name=facts.name),
        lang=lang,
    )


def headline_target(facts: Facts, lang: str = "en") -> str:
    """The first of :func:`prose.headline_targets` (same order), worded in ``lang``."""
    q = quantitative_targets(facts)
    row = q.loc[headline_order(q)[0]]
    how, when = target_when(row)
    what = lower_first(str(row["indicator" if lang == "en" else "indicator_vi"]))
    qualifier = row.get("qualifier")
    if row["kind"] == "annual_growth":
        value = span_as_stated(row["low"], row["high"], qualifier, 1, "%", lang)
        to = _say(f"targets.headline_growth_{how}", lang, when=when) if how else ""
        return _say("targets.headline_growth", lang, what=what, value=value, when=to)
    unit = growth_unit(row["unit"]) if row["kind"] in ("share_of_grdp", "share") else row["unit"]
    unit = unit if isinstance(unit, str) and unit != "count" else ""  # "3", not "3 count"
    value = span_as_stated(row["low"], row["high"], qualifier, 1, data_unit(unit, lang), lang)
    if not how:
        return _say("targets.headline_level_no_year", lang, what=what, value=value)
    how = {"en": how}.get(lang, {"by": "đến năm", "in": "giai đoạn"}[how])
    return _say("targets.headline_level", lang, what=what, value=value, how=how, when=when)


def targets_figure(facts: Facts, lang: str = "en") -> Figure | None:
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
        shown_unit = data_unit(growth_unit(unit) if unit.startswith("%") else unit, lang)
        no_year = _say("targets.no_year", lang)
        labels = [
            _say(
                "targets.label", lang,
                indicator=r["indicator" if lang == "en" else "indicator_vi"],
                when=target_when(r)[1] or no_year,
            )
            for _, r in rows.iterrows()
        ]  # fmt: skip
        counted = set(rows["kind"]) == {"count"}
        charts.draw_ranges(
            ax,
            labels,
            rows["low"].tolist(),
            rows["high"].tolist(),
            value_labels=[
                span_as_stated(a, b, qual, 2, "" if counted else shown_unit, lang)
                for a, b, qual in zip(rows["low"], rows["high"], rows["qualifier"], strict=True)
            ],
        )
        if counted:
            ax.xaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
        ax.set_xlabel(data_unit(unit, lang) or _say("value", lang), loc="right")
    n_qual = int((facts.targets["kind"] == "qualitative").sum())
    sub = (
        _say("targets.subtitle_words", lang, count=n_qual)
        if n_qual
        else _say("targets.subtitle", lang)
    )
    return charts.finish(
        fig,
        _say("targets.title", lang, name=facts.name, headline=headline_target(facts, lang)),
        sub,
        sources_line(facts, q["source_id"], lang),
        alt=_say("targets.alt", lang, count=len(q), name=facts.name),
        lang=lang,
    )


def _target_label(target, lang: str) -> str:
    """'Target: X, to 2030', 'Target: X, in 2026–2030' (a period) or 'Target: X, to ?'."""
    how, when = target_when(target)
    indicator = target["indicator" if lang == "en" else "indicator_vi"]
    key = "ambition.target_in" if how == "in" else "ambition.target_to"
    return _say(key, lang, indicator=indicator, when=when or "?")


def ambition_figure(facts: Facts, lang: str = "en") -> Figure | None:
    """Annual growth targets beside the province's IIP record and the national record."""
    g = growth_targets(facts)
    if g.empty:
        return None
    first, last = iip_years(facts)
    record = iip_record(facts)
    national = iip_record(facts, stats.NATIONAL)
    median = stats.median(iip_record_all(facts))
    labels = [_target_label(r, lang) for _, r in g.iterrows()]
    labels += [
        _say("ambition.record_province", lang, name=facts.name, first=first, last=last),
        _say("ambition.record_vietnam", lang, first=first, last=last),
        _say("ambition.record_median", lang, first=first, last=last),
    ]
    low = [*g["low"].tolist(), record, national, median]
    high = [*g["high"].tolist(), record, national, median]
    colors = [charts.HIGHLIGHT] * len(g) + [charts.HIGHLIGHT_LIGHT, charts.NATIONAL, charts.MEDIAN]
    fig, ax = charts.new_figure(charts.WIDTH, 1.7 + 0.5 * len(labels))
    charts.draw_ranges(
        ax, labels, low, high, colors,
        value_labels=[words.span(a, b, 1, "%", lang) for a, b in zip(low, high, strict=True)],
        label_width=28,
    )  # fmt: skip
    ax.set_xlabel(_say("ambition.xlabel", lang), loc="right")
    top = g.iloc[0]
    goal = float(np.nanmean([top["low"], top["high"]]))
    relation = "above" if goal > record else "below" if goal < record else "equal"
    title = _say(
        f"ambition.title_{relation}", lang,
        name=facts.name,
        target=words.span(top["low"], top["high"], 1, "%", lang),
        indicator=lower_first(str(top["indicator" if lang == "en" else "indicator_vi"])),
        first=first,
        last=last,
        record=rate_phrase(record, lang),
    )  # fmt: skip
    return charts.finish(
        fig,
        title,
        _say("ambition.subtitle", lang),
        sources_line(facts, [*g["source_id"], *indicator_sources(facts, [IIP])], lang),
        alt=_say("ambition.alt", lang, name=facts.name),
        lang=lang,
    )


#: Bars of reported results: neither good (green) nor bad (orange), see results_figure.
RESULT_COLOR = "#5E7A96"


def _how_many(k: int, n: int) -> str:
    """Which of several (n > 1): 'none', 'some', 'both' or 'all' (:func:`prose.share_of`)."""
    return "none" if k == 0 else "some" if k < n else "both" if n == 2 else "all"


def results_title(facts: Facts, shown: pd.DataFrame, year, lang: str = "en") -> str:
    """The reported results' finding: plan figures met (or not), else how many grew."""
    v = results_values(facts)
    when = _say("results_title.when", lang, year=year) if year else ""
    name, n = facts.name, v["n_results_with_plan"]
    if n:
        k = v["n_over_plan"]
        if n == 1:
            key = "met_one" if k else "short_one"
        else:
            key = f"met_{_how_many(k, n)}"
        return _say(f"results_title.{key}", lang, name=name, n=n, k=k, when=when)
    k, n = int((shown["change_prev_year_pct"] > 0).sum()), len(shown)
    if n == 1:
        key = "one_grew" if k else "one_not"
    else:
        key = f"{_how_many(k, n)}_grew"
    return _say(f"results_title.{key}", lang, name=name, n=n, k=k, when=when)


def results_figure(facts: Facts, lang: str = "en") -> Figure | None:
    r = results_with_plan(facts)
    shown = r[r["share_of_plan"].notna() | r["change_prev_year_pct"].notna()]
    if shown.empty:
        return None
    periods = [period_span(row.period_start, row.period_end) for row in shown.itertuples()]
    one_period = len(set(periods)) == 1  # then the title gives it, not every label
    names = shown["indicator" if lang == "en" else "indicator_vi"]
    labels = [
        name if one_period or not period else f"{name} ({period})"
        for name, period in zip(names, periods, strict=True)
    ]
    panels = [
        (col, base, xlabel)
        for col, base, xlabel in (
            ("share_of_plan", 100.0, _say("results.share_of_plan", lang)),
            ("change_prev_year_pct", 0.0, _say("results.change", lang)),
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
                words.number(v, 1, "" if col == "share_of_plan" else "%", lang)
                if not missing(v) else _say("results.not_reported", lang)
                for v in values
            ],
            label_width=22 if len(panels) > 1 else 28,
        )  # fmt: skip
        ax.set_xlabel(xlabel, loc="right")
        if k > 0:
            ax.tick_params(labelleft=False)
    year = (
        int_or_none(shown["period_end"].mode().iloc[0])
        if shown["period_end"].notna().any()
        else None
    )
    return charts.finish(
        fig,
        results_title(facts, shown, year, lang),
        _say("results.subtitle", lang),
        sources_line(facts, shown["source_id"], lang),
        alt=_say("results.alt", lang, count=len(shown), name=facts.name),
        lang=lang,
    )


def parks_figure(facts: Facts, lang: str = "en") -> Figure | None:
    """Parks and clusters by status (stacked by type) and, where given, area by developer;
    each park counted once (data.distinct_parks), statuses and labels from data.PARK_STATUSES."""
    p = data.distinct_parks(facts.parks)
    if p.empty:
        return None
    types = {t: codebook_word("park_type", t, lang) for t in ("KCN", "CCN", "EZ", "other")}
    counts = (
        p.assign(type=p["park_type"].map(types))
        .pivot_table(index="status", columns="type", values="park_id", aggfunc="count")
        .reindex([s for s in STATUS_ORDER if s in set(p["status"])])
    )
    counts.index = [codebook_word("status", s, lang) for s in counts.index]
    counts = counts[[t for t in types.values() if t in counts.columns]]
    with_area = p[p["area_ha"].notna()]
    ncols = 2 if len(with_area) else 1  # panels, stacked vertically
    not_named = _say("parks.not_named", lang)
    developers = with_area["developer"].astype("object").fillna(not_named).nunique()
    sizes = [len(counts), developers][:ncols]
    fig, axes = charts.new_figure(
        charts.WIDTH, 1.9 + 0.5 * sum(sizes) + 0.6 * ncols, ncols, 1,
        height_ratios=[n + 1.4 for n in sizes],
    )  # fmt: skip
    axes = np.atleast_1d(axes)
    type_colors = dict(zip(types.values(), charts.CATEGORICAL, strict=False))
    charts.draw_stacked_hbars(
        axes[0], counts, type_colors, label_width=20, total_format=lambda v: f"{int(v)}"
    )
    axes[0].set_xlabel(_say("parks.xlabel_status", lang), loc="right")
    if ncols == 2:
        # Stacked by type in the first panel's colours: a cluster's area is never drawn in the
        # colour of the parks.
        by_dev = (
            with_area.assign(
                developer=with_area["developer"].astype("object").fillna(not_named),
                type=with_area["park_type"].map(types),
            )
            .pivot_table(index="developer", columns="type", values="area_ha", aggfunc="sum")
            .fillna(0.0)
        )
        by_dev = by_dev.loc[by_dev.sum(axis=1).sort_values(ascending=False, kind="stable").index]
        by_dev = by_dev[[t for t in types.values() if t in by_dev.columns]]
        charts.draw_stacked_hbars(
            axes[1],
            by_dev,
            type_colors,
            label_width=28,
            total_format=lambda v: words.number(v, 1, "ha", lang),
            legend=False,
        )
        axes[1].set_xlabel(_say("parks.xlabel_area", lang), loc="right")
    v = parks_values(facts)
    status_counts = p["status"].value_counts()
    top, k = status_counts.index[0], int(status_counts.iloc[0])
    title = _say(
        f"parks_title.{'all' if k == len(p) else 'some'}", lang, count=len(p),
        name=facts.name, k=k, status=codebook_word("status", top, lang),
    )  # fmt: skip
    sub = _say("parks_title.subtitle", lang, sources=sources_of(facts, lang))
    if ncols == 2:
        area = words.number(v["parks_area_ha"], 1, "ha", lang)
        sub += _say("parks_title.area", lang, count=v["n_parks_with_area"], area=area)
    return charts.finish(
        fig,
        title,
        sub,
        # every mention's source, as the caption
        sources_line(facts, facts.parks["source_id"], lang),
        alt=_say("parks.alt_area" if ncols == 2 else "parks.alt", lang, name=facts.name),
        lang=lang,
    )


def code_labels(facts: Facts, lang: str = "en") -> dict[str, str]:
    """Each code's words in the edition's language: data/codebook/codes.csv's label_en or
    label_vi (the codebook's one home of its codes, written by hand in both languages)."""
    column = facts.codes["label_en" if lang == "en" else "label_vi"].map(words.upper_first)
    return dict(zip(facts.codes["code"], column, strict=True))


def priorities_figure(facts: Facts, lang: str = "en") -> Figure | None:
    """The province's codes (rows; sectors, then instruments) across the coded provinces."""
    t = priorities_table(facts)
    if t.empty:
        return None
    coded = sorted(set(facts.all_priorities["province_id"]), key=lambda p: (p != facts.province, p))
    held = set(zip(facts.all_priorities["province_id"], facts.all_priorities["code"], strict=True))
    if lang != "en":
        t = t.assign(Priority=t["Code"].map(code_labels(facts, lang)))
    groups = [
        (_say(f"priorities.{dim}s", lang), t[t["Dimension"] == dim])
        for dim in ("sector", "instrument")
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
    counts = {
        what: _say(f"priorities_title.no_{what}", lang)
        if not v[f"n_{what}"]
        else _say(f"priorities_title.{what}", lang, count=v[f"n_{what}"])
        for what in ("sectors", "instruments")
    }
    return charts.finish(
        fig,
        _say("priorities_title.title", lang, name=facts.name, **counts),
        _say("priorities_title.subtitle", lang, sources=sources_of(facts, lang), name=facts.name),
        sources_line(facts, sorted(set(facts.all_priorities["source_id"])), lang),
        alt=_say("priorities.alt", lang, name=facts.name),
        lang=lang,
    )


def iip_title(facts: Facts, lang: str = "en") -> str:
    """The industrial production chart's finding: the province's yearly change set against
    Vietnam's (:func:`compare_changes`: right for rises, falls and no change on either side)."""
    v = statistics_values(facts)
    vietnam = _say("vietnam_in_text", lang)
    return _say(
        "iip_title", lang,
        name=facts.name,
        growth=growth_phrase(v["iip_record"], lang=lang),
        first=v["iip_first_year"],
        last=v["iip_last_year"],
        comparison=compare_changes(v["iip_record"], v["iip_record_vietnam"], vietnam, lang=lang),
    )  # fmt: skip


def iip_figure(facts: Facts, lang: str = "en") -> Figure:
    s = statistics_index(facts)
    province = stats.growth_from_index(s.series(facts.province, IIP))
    national = stats.growth_from_index(s.series(stats.NATIONAL, IIP))
    medians = {
        y: stats.median(stats.growth_from_index(s.cross_section(IIP, y))) for y in s.years(IIP)
    }
    vietnam, median = _say("vietnam", lang), _say("median_province", lang)
    frame = pd.DataFrame(
        {facts.name: province, vietnam: national, median: pd.Series(medians)}
    ).sort_index()
    fig, ax = charts.new_figure(charts.WIDTH, 3.9)
    charts.tidy(ax, grid="y")
    charts.draw_lines(
        ax,
        frame,
        {facts.name: charts.HIGHLIGHT, vietnam: charts.NATIONAL, median: charts.MEDIAN},
        styles={median: "--"},
    )
    ax.axhline(0, color="#9A9A9A", linewidth=0.8)
    ax.set_ylabel(_say("iip.ylabel", lang))
    v = statistics_values(facts)
    return charts.finish(
        fig,
        iip_title(facts, lang),
        _say(
            "iip.subtitle",
            lang,
            rank=ordinal(v["iip_record_rank"], lang),
            count=v["iip_record_count"],
        ),  # fmt: skip
        sources_line(facts, indicator_sources(facts, [IIP]), lang),
        alt=_say("iip.alt", lang, name=facts.name),
        lang=lang,
    )


def grdp_figure(facts: Facts, lang: str = "en") -> Figure:
    over = statistics_index(facts).over_time(facts.province, GRDP_PC).set_index("year")
    median = _say("median_province", lang)
    frame = pd.DataFrame({facts.name: over["value"], median: over["median"]})
    fig, ax = charts.new_figure(charts.WIDTH, 3.8)
    charts.tidy(ax, grid="y")
    charts.draw_lines(
        ax,
        frame,
        {facts.name: charts.HIGHLIGHT, median: charts.MEDIAN},
        styles={median: "--"},
    )
    ax.margins(x=0.08)  # the first rank label clear of the value axis
    for year, row in over.iloc[:-1].iterrows():  # the title gives the last year's rank
        if not missing(row["rank"]):
            ax.annotate(
                ordinal(row["rank"], lang, short=True),
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
    ax.set_ylabel(_say("grdp.ylabel", lang))
    v = statistics_values(facts)
    if over["value"].notna().any():
        title = _say(
            "grdp.title", lang, name=facts.name, rank=ordinal(v["grdp_pc_rank"], lang),
            count=v["grdp_pc_count"], year=v["grdp_pc_year"],
        )  # fmt: skip
    else:  # e.g. a chapter read with statistics_until before the first GRDP year
        title = _say("grdp.title_none", lang, name=facts.name)
        ax.text(
            0.5, 0.5, _say("no_figures", lang), transform=ax.transAxes, ha="center",
            color=charts.SUBTLE,
        )  # fmt: skip
    if v["grdp_pc_first_rank"] and v["grdp_pc_first_year"] != v["grdp_pc_year"]:
        title += _say(
            "grdp.title_first", lang,
            rank=ordinal(v["grdp_pc_first_rank"], lang), year=v["grdp_pc_first_year"],
        )  # fmt: skip
    return charts.finish(
        fig,
        title,
        _say("grdp.subtitle", lang, count=len(facts.provinces)),
        sources_line(facts, indicator_sources(facts, [GRDP_PC]), lang),
        alt=_say("grdp.alt", lang, name=facts.name),
        lang=lang,
    )


def standing_title(facts: Facts, lang: str = "en") -> str:
    """The standing chart's finding, each rank with its year."""
    v = statistics_values(facts)
    return _say(
        "standing.title", lang, name=facts.name, count=len(facts.provinces),
        grdp_rank=ordinal(v["grdp_pc_rank"], lang), grdp_year=v["grdp_pc_year"],
        pci_rank=ordinal(v["pci_rank"], lang), pci_year=v["pci_year"],
    )  # fmt: skip


def standing_figure(facts: Facts, lang: str = "en") -> Figure:
    """Where the province stands among all provinces on each headline statistic."""
    s = statistics_index(facts)
    records = iip_record_all(facts)
    first, last = iip_years(facts)
    panels = [
        (records, _say("standing.iip_panel", lang, first=first, last=last), False, "%"),
    ]
    for ind, log in STANDING_PANELS:
        year = s.latest_year(ind)
        if year is None:
            continue
        label = _say(
            "standing.panel", lang, label=indicator_label(facts, ind, lang), year=year,
            unit=indicator_unit(facts, ind, lang),
        )  # fmt: skip
        statuses = s.rows(ind, year)["status"]
        if statuses.isin(["preliminary", "estimate"]).any():  # e.g. the FIA's quick reports
            label += _say("standing.preliminary", lang)
        panels.append((s.cross_section(ind, year), label, log, ""))
    fig, axes = charts.new_figure(charts.WIDTH, 1.0 + 0.9 * len(panels), len(panels), 1)
    for ax, (values, label, log, unit) in zip(np.atleast_1d(axes), panels, strict=True):
        rank = ordinal(stats.rank(values, facts.province), lang)
        suffix = _say("standing.rank", lang, rank=rank, count=len(values))
        charts.draw_strip(
            ax,
            values,
            facts.province,
            label,
            log=log,
            value_format=lambda x, u=unit, t=suffix: words.number(x, 1, u, lang) + t,
            # The English figures as they were (byte for byte); the Vietnamese panel titles,
            # longer, are wrapped short of the figure's edge, as every title should be.
            title_width=None if lang == "en" else charts.PANEL_TITLE_WIDTH,
        )
        if facts.province not in values.index:
            ax.annotate(
                _say("standing.no_figure", lang, name=facts.name), (0.99, 0.7),
                xycoords="axes fraction",
                ha="right", fontsize=charts.MIN_TEXT_SIZE, color=charts.SUBTLE,
            )  # fmt: skip
    return charts.finish(
        fig,
        standing_title(facts, lang),
        _say("standing.subtitle", lang, name=facts.name),
        sources_line(facts, standing_sources(facts), lang),
        alt=_say("standing.alt", lang, name=facts.name),
        lang=lang,
    )


def pci_title(facts: Facts, lang: str = "en") -> str:
    """The PCI chart's finding, each figure with its own year: the composite score's rank of its
    last year and, when the sub-indices end earlier, their year too (2022 rank, 2016 sub-index)."""
    v = statistics_values(facts)
    fields = {
        "name": facts.name, "rank": ordinal(v["pci_rank"], lang), "count": v["pci_count"],
        "year": v["pci_year"], "sub_year": v["pci_subindex_year"],
    }  # fmt: skip
    if not v["pci_best_subindex"]:
        return _say("pci.title", lang, **fields)
    best = v["pci_best_subindex"]
    if lang != "en":  # the sub-index's name in the edition's language
        sub = pci_subindex_standing(facts)
        ids = dict(zip(sub["label"], sub["indicator"], strict=True))
        if best in ids:
            best = indicator_label(facts, ids[best], lang).removeprefix("PCI: ")
    key = "pci.title_best" if v["pci_subindex_year"] == v["pci_year"] else "pci.title_best_earlier"
    return _say(key, lang, best=best, **fields)


def pci_figure(facts: Facts, lang: str = "en") -> Figure:
    over = statistics_index(facts).over_time(facts.province, PCI).set_index("year")
    sub = pci_subindex_standing(facts)
    rows = max(len(sub), 6)  # the composite on top, the sub-indices below: a phone is narrow
    names = [
        charts.wrap(name, 30)
        for name in (
            sub["label"]
            if lang == "en"
            else [indicator_label(facts, i, lang).removeprefix("PCI: ") for i in sub["indicator"]]
        )
    ]
    # Rows for English names of up to two lines; Vietnamese lines, whose stacked diacritics
    # stand taller, take more room for every line after the first.
    lines = max((name.count("\n") + 1 for name in names), default=1)
    row = 0.36 + (0.17 * max(0, lines - 2) if lang == "en" else 0.12 * (lines - 1))
    fig, (left, right) = charts.new_figure(
        charts.WIDTH, 3.8 + row * rows, 2, 1, height_ratios=[2.4, row * rows + 0.6]
    )
    charts.tidy(left, grid="y")
    median = _say("median", lang)
    frame = pd.DataFrame({facts.name: over["value"], median: over["median"]})
    charts.draw_lines(
        left,
        frame,
        {facts.name: charts.HIGHLIGHT, median: charts.MEDIAN},
        styles={median: "--"},
    )
    years = list(frame.index)
    shown = sorted({years[0], years[len(years) // 2], years[-1]})
    left.set_xticks(shown, [str(y) for y in shown])
    left.set_ylabel(_say("pci.ylabel", lang))
    left.set_title(_say("pci.composite", lang), loc="left", fontsize=charts.LABEL_SIZE + 0.5)
    if len(sub):
        ys = np.arange(len(sub))[::-1]
        for y, row in zip(ys, sub.itertuples(), strict=True):
            color = charts.OVER if row.gap >= 0 else charts.UNDER
            right.plot([row.median, row.value], [y, y], color=color, linewidth=2.4, zorder=2)
            right.plot([row.median], [y], "|", color=charts.MEDIAN, markersize=12, mew=2)
            right.plot([row.value], [y], "o", color=charts.HIGHLIGHT, markersize=6, zorder=3)
        right.set_yticks(ys, names)
        right.set_ylim(-0.6, len(sub) - 0.4)
        right.set_xlim(0, 10)
        right.set_xlabel(_say("pci.sub_xlabel", lang), loc="right")
        right.set_title(
            _say("pci.sub_title", lang, year=int(sub["year"].iloc[0])),
            loc="left",
            fontsize=charts.LABEL_SIZE + 0.5,
        )
    else:
        charts.message_axes(right, _say("pci.no_subindices", lang))
    return charts.finish(
        fig,
        pci_title(facts, lang),
        _say("pci.subtitle", lang),
        sources_line(facts, indicator_sources(facts, [PCI, *pci_subindices(facts)]), lang),
        alt=_say("pci.alt", lang, name=facts.name),
        lang=lang,
    )
