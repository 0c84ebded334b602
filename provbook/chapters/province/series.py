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

#: The notes' sentences: ``province.series_notes.*`` (one template per sentence and language).
N = "province.series_notes"
#: Why the FDI inflow shown is the FIA's new registered capital (said in the chapter).
FDI_FLOW_CHOICE = say(f"{N}.fdi_flow_choice", "en")

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


def flagged(text: str, status, lang: str = "en") -> str:
    """``text`` with "(preliminary)" or "(estimate)" after it when the figure is not final."""
    if is_final(status):
        return text
    return say(
        f"{N}.flagged", lang, text=text, status=say(f"province.figure_status.{status}", lang)
    )


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


def series_ends_note(facts: Facts, lang: str = "en") -> str:
    """One clause per series: where it ends and why (years from data/, reasons typed)."""
    parts = []
    for row in series_ends(facts).itertuples():
        span = (
            f"{row.first_year}–{row.last_year}"
            if row.first_year != row.last_year
            else str(row.last_year)
        )
        name, why = row.series, row.why
        if lang != "en":
            name = say(f"charts.series.{row.indicator}.name", lang)
            why = say(f"charts.series.{row.indicator}.why", lang)
        final = "" if row.last_status == "official" else "_preliminary"
        parts.append(say(f"{N}.ends_part{final}", lang, series=name, span=span, why=why))
    if not parts:
        return say(f"{N}.ends_none", lang)
    return say(f"{N}.ends", lang, parts="; ".join(parts))


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


def fdi_values(facts: Facts, lang: str = "en") -> dict:
    """The FDI paragraph: stock at the newest FIA year and the yearly inflow with its rank."""
    s = statistics_index(facts)
    stock_year = s.latest_year(FDI_STOCK)
    stock = s.standing(facts.province, FDI_STOCK, stock_year)
    flow = fdi_flow_over_time(facts)
    known = flow.dropna(subset=["value"])
    last = last_year(facts, FDI_FLOW)
    first = first_year(facts, FDI_FLOW)
    name = facts.name

    def usd(value) -> str:
        return say(f"{N}.million_usd", lang, value=words.number(value, 1, lang=lang))

    parts = []
    if stock.known:
        status = status_by_year(facts, FDI_STOCK).get(stock.year, "")
        parts.append(
            say(
                f"{N}.fdi_stock",
                lang,
                year=stock.year,
                name=name,
                capital=flagged(usd(stock.value), status, lang),
                rank=ordinal(stock.rank, lang),
                count=stock.count,
                median=usd(stock.median),
            )
        )
    elif stock_year:
        parts.append(say(f"{N}.fdi_stock_none", lang, year=stock_year, name=name))
    if first and last:
        choice = say(f"{N}.fdi_flow_choice", lang)
        parts.append(say(f"{N}.fdi_flow", lang, first=first, last=last, choice=choice))
    if len(known):
        row = known.iloc[-1]
        best = known.loc[known["rank"].astype(float).idxmin()]
        parts.append(
            say(
                f"{N}.fdi_flow_last",
                lang,
                year=int(row["year"]),
                name=name,
                capital=flagged(usd(row["value"]), row["status"], lang),
                rank=ordinal(row["rank"], lang),
                count=int(row["count"]),
                median=usd(row["median"]),
                best_year=int(best["year"]),
                best_rank=ordinal(best["rank"], lang),
            )
        )
        missing_years = [int(y) for y in flow.loc[flow["value"].isna(), "year"]]
        if missing_years:
            years = join_names([str(y) for y in missing_years], lang=lang)
            parts.append(say(f"{N}.fdi_flow_gaps", lang, years=years))
    elif first:
        parts.append(say(f"{N}.fdi_flow_none", lang, name=name))
    given = [x for x in flow["status"] if x]
    if given and not any(is_final(x) for x in given):
        parts.append(say(f"{N}.fdi_all_preliminary", lang))
    elif not all(is_final(x) for x in given):
        parts.append(say(f"{N}.fdi_some_preliminary", lang))
    return {
        "fdi_note": " ".join(parts) or say(f"{N}.fdi_none", lang, name=name),
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


def business_values(facts: Facts, lang: str = "en") -> dict:
    """New enterprises (latest year, rank) and the labour-use index (latest year, rank)."""
    ent = _over_time_with_status(facts, NEW_ENTERPRISES).dropna(subset=["value"])
    lab = _over_time_with_status(facts, LABOUR_USE).dropna(subset=["value"])
    name = facts.name
    parts = []
    if len(ent):
        row, first = ent.iloc[-1], ent.iloc[0]
        enterprises = say(f"{N}.enterprises", lang, value=words.number(row["value"], 0, lang=lang))
        parts.append(
            say(
                f"{N}.business_enterprises",
                lang,
                year=int(row["year"]),
                enterprises=flagged(enterprises, row["status"], lang),
                name=name,
                rank=ordinal(row["rank"], lang),
                count=int(row["count"]),
                median=words.number(row["median"], 0, lang=lang),
                first_year=int(first["year"]),
                first=words.number(first["value"], 0, lang=lang),
            )
        )
    else:
        parts.append(say(f"{N}.business_enterprises_none", lang, name=name))
    if len(lab):
        row = lab.iloc[-1]
        change = stats.growth_from_index(float(row["value"]))
        parts.append(
            say(
                f"{N}.business_labour_{'more' if change >= 0 else 'fewer'}",
                lang,
                change=words.number(abs(change), 1, "%", lang=lang),
                year=int(row["year"]),
                index=flagged(words.number(row["value"], 1, lang=lang), row["status"], lang),
                rank=ordinal(row["rank"], lang),
                count=int(row["count"]),
                median=words.number(row["median"], 1, lang=lang),
            )
        )
    else:
        parts.append(say(f"{N}.business_labour_none", lang, name=name))
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


def population_values(facts: Facts, lang: str = "en") -> dict:
    """The population-revision sentence of the chapter, computed for its province."""
    r = population_revision(facts)
    if not r["year"]:
        note = say(f"{N}.population_none", lang, name=facts.name)
    else:
        if round(r["pct"], 1) == 0:
            size = "same"
        else:
            size = "lower" if r["pct"] < 0 else "higher"
        note = say(
            f"{N}.population_{size}",
            lang,
            name=facts.name,
            year=r["year"],
            revised=words.number(r["revised"], 1, lang=lang),
            pct=words.number(abs(r["pct"]), 1, "%", lang=lang),
            release=words.number(r["release"], 1, lang=lang),
        )
    return {
        "population_revision_note": note,
        "population_revision_year": r["year"],
        "population_revised": r["revised"],
        "population_release_2018": r["release"],
        "population_revision_pct": r["pct"],
    }


@cached
def series_values(facts: Facts, lang: str = "en") -> dict:
    """Every glued value of the newer series, for the notebook's statistics section (the
    numbers the same in every language, the notes in ``lang``)."""
    return {
        **fdi_values(facts, lang),
        **business_values(facts, lang),
        **population_values(facts, lang),
        "series_ends_note": series_ends_note(facts, lang),
    }
