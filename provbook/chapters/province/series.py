"""The chapter's official statistics to the newest year of every series: FDI inflows (FIA), new
enterprises, the industrial labour-use index, where each series ends and why, preliminary
figures, and the post-census population revision.

Why a module of its own: the series run to different end years (industrial production 2016,
FIA 2023, labour use 2024); every year stated here is computed from ``data/statistics.csv``
(the last year per indicator), only the *reason* a series ends is written down, in
:data:`SERIES_ENDS`.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from provbook import text as words
from provbook.analysis import stats
from provbook.chapters.common.cache import cached
from provbook.chapters.province.citations import sources_line
from provbook.chapters.province.facts import (
    FDI_FLOW,
    FDI_STOCK,
    GRDP_PC,
    IIP,
    LABOUR_USE,
    NEW_ENTERPRISES,
    PCI,
    POPULATION,
    POPULATION_2018,
    Facts,
    codebook_word,
    in_language,
    indicator_label,
    indicator_sources,
    ordinal,
    pci_subindices,
    statistics_index,
)
from provbook.draw import charts
from provbook.text import join_names
from provbook.words import say

#: Publication statuses that are not final; charts draw them hollow and text flags them.
NOT_FINAL = ("preliminary", "estimate")

#: Why the FDI inflow shown is the FIA's new registered capital (said in the chapter).
FDI_FLOW_CHOICE = (
    "the one part of the FIA's yearly figures reported the same way in every year; the year's "
    "total also adds capital adjustments, whose meaning changed in 2019, and share purchases, "
    "not reported by province in 2015"
)

#: Indicators whose coverage changed in a year (the first year of the new coverage): a figure
#: from before it is never set against one from it or after (Methods, "FIA against GSO").
COVERAGE_CHANGED = {"fia_total_capital": 2019, "fia_adjusted_capital": 2019}


def comparable_years(indicator: str, years: list[int]) -> list[int]:
    """The years that may be compared with the last of ``years``: all of them, or those on the
    last year's side of the indicator's change of coverage (:data:`COVERAGE_CHANGED`)."""
    change = COVERAGE_CHANGED.get(indicator)
    if change is None or not years:
        return list(years)
    after = max(years) >= change
    return [y for y in years if (y >= change) == after]


#: Reader name of each series and why it ends where it does; the end year comes from data/.
SERIES_ENDS = {
    IIP: (
        "industrial production index",
        "no file we can reach gives the index by province for later years",
    ),
    FDI_FLOW: (
        "FDI registered by the FIA",
        "the FIA's next report by province covers only the first half of 2024",
    ),
    PCI: (
        "PCI overall score",
        "the newest PCI panel we can reach ends there",
    ),
    "pci_subindices": (
        "PCI sub-indices",
        "no file we can reach has VCCI's sub-index scores for later years",
    ),
    NEW_ENTERPRISES: (
        "new enterprises",
        "the published panel the figures come from ends there",
    ),
    GRDP_PC: (
        "GRDP per capita",
        "the newest GSO table we use ends there",
    ),
    LABOUR_USE: (
        "industrial labour-use index",
        "the newest December report we use is that year's",
    ),
    POPULATION: (
        "population",
        "the newest GSO yearly file we use ends there",
    ),
}


def status_by_year(facts: Facts, indicator: str, province: str | None = None) -> pd.Series:
    """Publication status of the province's figure per year ('official', 'preliminary', ...)."""
    rows = statistics_index(facts).rows(indicator, province=province or facts.province)
    status = rows["status"].astype(object).fillna("").astype(str)  # empty: status not given
    return pd.Series(status.to_numpy(), index=rows["year"].astype(int))


def is_final(status) -> bool:
    """True unless the status says preliminary or estimate (an empty status is not flagged)."""
    return str(status) not in NOT_FINAL


def flagged(text: str, status) -> str:
    """``text`` with "(preliminary)" or "(estimate)" after it when the figure is not final."""
    return text if is_final(status) else f"{text} ({status})"


def last_year(facts: Facts, indicator: str) -> int | None:
    """The last year any province has the indicator (the series' end, not this province's)."""
    rows = statistics_index(facts).rows(indicator)
    rows = rows[rows["province_id"] != stats.NATIONAL]
    rows = rows[rows["value"].notna()]
    return int(rows["year"].max()) if len(rows) else None


def first_year(facts: Facts, indicator: str) -> int | None:
    ys = statistics_index(facts).years(indicator)
    return ys[0] if ys else None


def _subindex_span(facts: Facts) -> tuple[int | None, int | None]:
    firsts = [first_year(facts, i) for i in pci_subindices(facts)]
    lasts = [last_year(facts, i) for i in pci_subindices(facts)]
    firsts, lasts = [y for y in firsts if y], [y for y in lasts if y]
    return (min(firsts) if firsts else None, max(lasts) if lasts else None)


@cached
def series_ends(facts: Facts) -> pd.DataFrame:
    """Per series: first and last year in data/, whether its figures are preliminary, and why
    it ends there; sorted by the last year, newest first."""
    rows = []
    for key, (name, why) in SERIES_ENDS.items():
        if key == "pci_subindices":
            first, last = _subindex_span(facts)
            statuses: list[str] = []
        else:
            first, last = first_year(facts, key), last_year(facts, key)
            statuses = list(
                statistics_index(facts)
                .rows(key, last)["status"]
                .astype(object)
                .fillna("")
                .astype(str)
                .unique()
            )
        if last is None:
            continue
        rows.append(
            {
                "series": name,
                "indicator": key,
                "first_year": first,
                "last_year": last,
                "last_status": "preliminary"
                if any(not is_final(x) for x in statuses)
                else "official",
                "why": why,
            }
        )
    frame = pd.DataFrame(
        rows, columns=["series", "indicator", "first_year", "last_year", "last_status", "why"]
    )
    return frame.sort_values("last_year", ascending=False, kind="stable").reset_index(drop=True)


def series_ends_note(facts: Facts) -> str:
    """One sentence per series: where it ends and why (years from data/, reasons typed)."""
    parts = []
    for row in series_ends(facts).itertuples():
        span = (
            f"{row.first_year}–{row.last_year}"
            if row.first_year != row.last_year
            else str(row.last_year)
        )
        mark = " (last year preliminary)" if row.last_status != "official" else ""
        parts.append(f"{row.series} {span}{mark}: {row.why}")
    if not parts:
        return "No official series is in the statistics used."
    text = "; ".join(parts)
    return f"Where each series ends: {text}."


def series_table(facts: Facts, lang: str = "en") -> pd.DataFrame:
    """The series of the section with their years and why each ends (reader columns), in the
    edition's language (``charts.series.<key>``; the English entries are :data:`SERIES_ENDS`)."""
    e = series_ends(facts)
    names, whys, statuses = e["series"], e["why"], e["last_status"]
    if lang != "en":
        names = [say(f"charts.series.{key}.name", lang) for key in e["indicator"]]
        whys = [say(f"charts.series.{key}.why", lang) for key in e["indicator"]]
        statuses = [codebook_word("figure_status", s, lang) for s in statuses]
    frame = pd.DataFrame(
        {
            "Series": [str(x)[:1].upper() + str(x)[1:] for x in names],
            "From": e["first_year"],
            "To": e["last_year"],
            "Last year's figures": list(statuses),
            "Why it ends there": list(whys),
        }
    )
    return in_language(frame, lang)


# --- FDI inflows (FIA) -------------------------------------------------------------------------


@cached
def fdi_flow_over_time(facts: Facts) -> pd.DataFrame:
    """Per FIA year: the province's new registered capital, its rank among the provinces with a
    registration that year, their count and median, and the figure's status."""
    over = statistics_index(facts).over_time(facts.province, FDI_FLOW)
    status = status_by_year(facts, FDI_FLOW)
    over["status"] = [status.get(int(y), "") for y in over["year"]]
    return over


def fdi_values(facts: Facts) -> dict:
    """The FDI paragraph: stock at the newest FIA year and the yearly inflow with its rank."""
    s = statistics_index(facts)
    stock_year = s.latest_year(FDI_STOCK)
    stock = s.standing(facts.province, FDI_STOCK, stock_year)
    flow = fdi_flow_over_time(facts)
    known = flow.dropna(subset=["value"])
    last = last_year(facts, FDI_FLOW)
    first = first_year(facts, FDI_FLOW)
    parts = []
    if stock.known:
        status = status_by_year(facts, FDI_STOCK).get(stock.year, "")
        parts.append(
            f"By the Foreign Investment Agency's (FIA) report for {stock.year}, foreign "
            f"direct investment projects still valid in {facts.name} had "
            + flagged(f"{words.number(stock.value, 1)} million USD", status)
            + f" of registered capital, {stats.ordinal(stock.rank)} of {stock.count} provinces "
            f"(median {words.number(stock.median, 1)} million USD)."
        )
    elif stock_year:
        parts.append(
            f"The FIA's report for {stock_year} lists no valid FDI project in {facts.name}."
        )
    if first and last:
        parts.append(
            "As the yearly inflow we show the registered capital of new projects "
            f"({first}–{last}), {FDI_FLOW_CHOICE}."
        )
    if len(known):
        row = known.iloc[-1]
        best = known.loc[known["rank"].astype(float).idxmin()]
        parts.append(
            f"In {int(row['year'])} new projects in {facts.name} registered "
            + flagged(f"{words.number(row['value'], 1)} million USD", row["status"])
            + f", {stats.ordinal(row['rank'])} of the {int(row['count'])} provinces with a new "
            "registration "
            f"(median {words.number(row['median'], 1)} million USD); its best year by rank was "
            f"{int(best['year'])} ({stats.ordinal(best['rank'])})."
        )
        missing_years = [int(y) for y in flow.loc[flow["value"].isna(), "year"]]
        if missing_years:
            parts.append(
                "The FIA lists no new registration for it in "
                f"{join_names([str(y) for y in missing_years])}."
            )
    elif first:
        parts.append(f"The FIA lists no new FDI registration in {facts.name} in any year.")
    given = [x for x in flow["status"] if x]
    if given and not any(is_final(x) for x in given):
        parts.append("All FIA figures are preliminary: the year-end quick reports, revised later.")
    elif not all(is_final(x) for x in given):
        parts.append("Figures marked preliminary are first releases, revised later.")
    return {
        "fdi_note": " ".join(parts) or f"No FDI figures for {facts.name} in the statistics used.",
        "fdi_stock": stock.value,
        "fdi_stock_year": stock.year or 0,
        "fdi_stock_rank": stock.rank or 0,
        "fdi_stock_count": stock.count,
        "fdi_stock_status": status_by_year(facts, FDI_STOCK).get(stock.year, "")
        if stock.known
        else "",
        "fdi_stock_median": stock.median,
        "fdi_flow_first_year": first or 0,
        "fdi_flow_last_year": last or 0,
        "fdi_flow_years_with_figure": int(len(known)),
        "fdi_flow_last": float(known["value"].iloc[-1]) if len(known) else float("nan"),
        "fdi_flow_last_rank": int(known["rank"].iloc[-1]) if len(known) else 0,
    }


def _draw_marked(ax, frame: pd.DataFrame, statuses: dict[str, pd.Series], colors: dict) -> None:
    """Lines with filled markers for final figures and hollow ones for preliminary figures."""
    charts.draw_lines(ax, frame, colors, styles={c: "--" for c in frame.columns[1:]})
    for column, status in statuses.items():
        values = frame[column].dropna()
        hollow = [y for y in values.index if not is_final(status.get(int(y), ""))]
        if hollow:
            ax.plot(
                hollow,
                values.loc[hollow],
                "o",
                markersize=7,
                markerfacecolor="white",
                markeredgecolor=colors[column],
                markeredgewidth=1.6,
                zorder=4,
            )
    years = list(frame.index)
    if len(years) > 6:  # at most ~6 year labels: first, last and evenly between
        step = -(-(len(years) - 1) // 5)
        shown = sorted({*years[::step], years[-1]})
        ax.set_xticks(shown, [str(y) for y in shown])


def _say(key: str, lang: str, /, **fields) -> str:
    return say(f"charts.{key}", lang, **fields)


def _empty(facts: Facts, title: str, message: str, indicators, lang: str = "en") -> Figure:
    fig, ax = charts.new_figure(charts.WIDTH, 2.4)
    charts.message_axes(ax, message)
    return charts.finish(
        fig,
        title,
        "",
        sources_line(facts, indicator_sources(facts, indicators), lang),
        alt=title,
        lang=lang,
    )


def _preliminary_words(statuses: pd.Series, lang: str = "en") -> str:
    """Subtitle words on the hollow markers; years without a figure (empty status) are ignored."""
    statuses = statuses[statuses != ""]
    if len(statuses) and all(not is_final(x) for x in statuses):
        return _say("preliminary_all", lang)
    if any(not is_final(x) for x in statuses):
        return _say("preliminary_some", lang)
    return ""


def fdi_figure(facts: Facts, lang: str = "en") -> Figure:
    """New FDI capital registered per year (FIA), province and median, ranks above the points."""
    over = fdi_flow_over_time(facts).set_index("year")
    if over["value"].notna().sum() == 0:
        return _empty(
            facts,
            _say("fdi.title_none", lang, name=facts.name),
            _say("fdi.none", lang),
            [FDI_FLOW],
            lang,
        )
    median = _say("median_province", lang)
    frame = pd.DataFrame({facts.name: over["value"], median: over["median"]})
    fig, ax = charts.new_figure(charts.WIDTH, 3.9)
    charts.tidy(ax, grid="y")
    _draw_marked(
        ax,
        frame,
        {facts.name: over["status"]},
        {facts.name: charts.HIGHLIGHT, median: charts.MEDIAN},
    )
    top = float(frame.max().max())
    ax.set_ylim(-0.08 * top, max(top * 1.12, 1))  # room below for an end label at zero
    for year, row in over.iterrows():  # ranks in a row above the plot, clear of the lines
        if pd.notna(row["rank"]):
            ax.annotate(
                ordinal(row["rank"], lang, short=True),
                (year, 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(0, 4),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=charts.MIN_TEXT_SIZE,
                color=charts.HIGHLIGHT,
                annotation_clip=False,
            )
    ax.set_ylabel(_say("fdi.ylabel", lang))
    v = fdi_values(facts)
    last = over["value"].get(v["fdi_flow_last_year"])
    title = (
        _say(
            "fdi.title", lang, name=facts.name,
            value=words.number(v["fdi_flow_last"], 1, _say("fdi.ylabel", lang), lang),
            year=v["fdi_flow_last_year"], rank=ordinal(v["fdi_flow_last_rank"], lang),
        )
        if last is not None and pd.notna(last)
        else _say(
            "fdi.title_span", lang, name=facts.name, first=v["fdi_flow_first_year"],
            last=v["fdi_flow_last_year"],
        )
    )  # fmt: skip
    return charts.finish(
        fig,
        title,
        _say("fdi.subtitle", lang) + _preliminary_words(over["status"], lang),
        sources_line(facts, indicator_sources(facts, [FDI_FLOW]), lang),
        alt=_say("fdi.alt", lang, name=facts.name),
        lang=lang,
    )


# --- New enterprises and industrial labour use ------------------------------------------------


def _over_time_with_status(facts: Facts, indicator: str) -> pd.DataFrame:
    over = statistics_index(facts).over_time(facts.province, indicator)
    status = status_by_year(facts, indicator)
    over["status"] = [status.get(int(y), "") for y in over["year"]]
    return over


def business_values(facts: Facts) -> dict:
    """New enterprises (latest year, rank) and the labour-use index (latest year, rank)."""
    ent = _over_time_with_status(facts, NEW_ENTERPRISES).dropna(subset=["value"])
    lab = _over_time_with_status(facts, LABOUR_USE).dropna(subset=["value"])
    parts = []
    if len(ent):
        row, first = ent.iloc[-1], ent.iloc[0]
        parts.append(
            f"In {int(row['year'])} "
            + flagged(f"{words.number(row['value'], 0)} enterprises", row["status"])
            + f" were newly registered in {facts.name}, {stats.ordinal(row['rank'])} of "
            f"{int(row['count'])} provinces (median {words.number(row['median'], 0)}); in "
            f"{int(first['year'])} it was {words.number(first['value'], 0)}."
        )
    else:
        parts.append(f"There is no count of new enterprises for {facts.name}.")
    if len(lab):
        row = lab.iloc[-1]
        change = stats.growth_from_index(float(row["value"]))
        word = "more" if change >= 0 else "fewer"
        parts.append(
            f"Industrial enterprises employed {words.number(abs(change), 1, '%')} {word} "
            f"workers on 1 December {int(row['year'])} than a year earlier (index "
            + flagged(words.number(row["value"], 1), row["status"])
            + f", {stats.ordinal(row['rank'])} of {int(row['count'])} provinces; median "
            f"{words.number(row['median'], 1)})."
        )
    else:
        parts.append(f"There is no industrial labour-use index for {facts.name}.")
    return {
        "business_note": " ".join(parts),
        "new_enterprises": float(ent["value"].iloc[-1]) if len(ent) else float("nan"),
        "new_enterprises_year": int(ent["year"].iloc[-1]) if len(ent) else 0,
        "new_enterprises_rank": int(ent["rank"].iloc[-1]) if len(ent) else 0,
        "labour_use": float(lab["value"].iloc[-1]) if len(lab) else float("nan"),
        "labour_use_year": int(lab["year"].iloc[-1]) if len(lab) else 0,
        "labour_use_rank": int(lab["rank"].iloc[-1]) if len(lab) else 0,
    }


def business_figure(facts: Facts, lang: str = "en") -> Figure:
    """New enterprises per year and the labour-use index, province against the median."""
    panels = [
        (NEW_ENTERPRISES, _say("business.ylabel_enterprises", lang)),
        (LABOUR_USE, _say("business.ylabel_labour", lang)),
    ]
    overs = [_over_time_with_status(facts, ind).set_index("year") for ind, _ in panels]
    if all(o["value"].notna().sum() == 0 for o in overs):
        return _empty(
            facts,
            _say("business.title_none", lang, name=facts.name),
            _say("no_figures", lang),
            [NEW_ENTERPRISES, LABOUR_USE],
            lang,
        )
    fig, axes = charts.new_figure(charts.WIDTH, 6.2, 2, 1)  # stacked: room for end labels
    for ax, (ind, ylabel), over in zip(axes, panels, overs, strict=True):
        charts.tidy(ax, grid="y")
        ax.set_title(
            charts.fitted(
                indicator_label(facts, ind, lang),
                charts.PANEL_TITLE_WIDTH_BESIDE_AXIS,
                charts.LABEL_SIZE + 0.5,
            ),
            loc="left",
            fontsize=charts.LABEL_SIZE + 0.5,
        )
        if over["value"].notna().sum() == 0:
            charts.message_axes(ax, _say("no_province_figures", lang))
            continue
        median = _say("median", lang)
        frame = pd.DataFrame({facts.name: over["value"], median: over["median"]})
        _draw_marked(
            ax,
            frame,
            {facts.name: over["status"]},
            {facts.name: charts.HIGHLIGHT, median: charts.MEDIAN},
        )
        if ind == LABOUR_USE:
            ax.axhline(100, color="#9A9A9A", linewidth=0.8)
        ax.set_ylabel(ylabel)
    v = business_values(facts)
    statuses = pd.concat([o["status"] for o in overs])
    return charts.finish(
        fig,
        _say(
            "business.title",
            lang,
            name=facts.name,
            ent_rank=ordinal(v["new_enterprises_rank"], lang),
            ent_year=v["new_enterprises_year"],
            lab_rank=ordinal(v["labour_use_rank"], lang),
            lab_year=v["labour_use_year"],
        ),  # fmt: skip
        _say("business.subtitle", lang) + _preliminary_words(statuses[statuses != ""], lang),
        sources_line(facts, indicator_sources(facts, [NEW_ENTERPRISES, LABOUR_USE]), lang),
        alt=_say("business.alt", lang, name=facts.name),
        lang=lang,
    )


# --- Population revision --------------------------------------------------------------------


def population_revision(facts: Facts, province: str | None = None) -> dict:
    """The revised population (after the 2019 census) against GSO's 2018 release, in the last
    year both have: the gap says how far figures per person from before 2019 can be off."""
    who = province or facts.province
    revised = statistics_index(facts).series(who, POPULATION)
    release = statistics_index(facts).series(who, POPULATION_2018)
    common = sorted(set(revised.dropna().index) & set(release.dropna().index))
    if not common:
        return {"year": 0, "revised": float("nan"), "release": float("nan"), "pct": float("nan")}
    year = common[-1]
    pct = stats.change_pct(revised[year], release[year])
    return {"year": int(year), "revised": revised[year], "release": release[year], "pct": pct}


def population_values(facts: Facts) -> dict:
    """The population-revision sentence of the chapter, computed for its province."""
    r = population_revision(facts)
    if not r["year"]:
        note = (
            f"There is no pair of population figures (revised and 2018 release) for {facts.name}."
        )
    else:
        direction = "lower" if r["pct"] < 0 else "higher"
        size = (
            "the same as"
            if round(r["pct"], 1) == 0
            else f"{words.number(abs(r['pct']), 1, '%')} {direction} than"
        )
        note = (
            f"GSO revised its population series after the 2019 census. For {facts.name} in "
            f"{r['year']} the revised figure is {words.number(r['revised'], 1)} thousand, "
            f"{size} the {words.number(r['release'], 1)} thousand of GSO's 2018 release; the "
            "chapter uses the revised series throughout."
        )
    return {
        "population_revision_note": note,
        "population_revision_year": r["year"],
        "population_revised": r["revised"],
        "population_release_2018": r["release"],
        "population_revision_pct": r["pct"],
    }


@cached
def series_values(facts: Facts) -> dict:
    """Every glued value of the newer series, for the notebook's statistics section."""
    return {
        **fdi_values(facts),
        **business_values(facts),
        **population_values(facts),
        "series_ends_note": series_ends_note(facts),
    }
