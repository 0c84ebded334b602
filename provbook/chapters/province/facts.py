"""Loading one province's rows and selecting what a chapter shows: no words, no drawing.

:func:`load` filters every table of ``data/`` to the province once; the selectors below decide
which targets have figures, which results have a plan, which optional figures exist.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field

import pandas as pd

from provbook.analysis import stats
from provbook.chapters.common.cache import cached
from provbook.datapackage import data
from provbook.datapackage.data import FACT_TABLES
from provbook.text import missing
from provbook.text import span as stats_span
from provbook.words import say, say_or

IIP = "iip_index"


#: FDI stock: the FIA's registered capital of valid projects (2015-2023), not GSO's 2015-2016 table.
FDI_STOCK = "fia_stock_capital"


#: FDI inflow shown year by year: the FIA's registered capital of new projects (see series.py).
FDI_FLOW = "fia_new_capital"


NEW_ENTERPRISES = "new_enterprises"


LABOUR_USE = "industrial_labour_use_index"


#: The 2018 PX-Web release of population, kept to show the size of the post-census revision.
POPULATION_2018 = "population_release_2018"


GRDP_PC = "grdp_per_capita"


POPULATION = "population"


AREA = "area"


DENSITY = "population_density"


PCI = "pci_weighted"


PCI_SUBINDEX_PREFIX = "pci_"


PCI_NOT_SUBINDICES = ("pci_weighted", "pci_unweighted")


#: Source rows of sources.csv behind the locator map (boundaries) and the 2025 merger.
BOUNDARY_SOURCE = "odv_boundaries"


MERGER_SOURCE = "merger_2025"


#: Park statuses, most advanced first: the one list in
#: :data:`provbook.datapackage.data.PARK_STATUSES`.
STATUS_ORDER = list(data.PARK_STATUSES)


#: Reader words of park and project statuses (projects may also be "licensed").
STATUS_LABELS = {**data.PARK_STATUSES, "licensed": "licensed"}


PARK_TYPES = {
    "KCN": "Industrial park (KCN)",
    "CCN": "Industrial cluster (CCN)",
    "EZ": "Economic zone",
    "other": "Other industrial zone",
}


KIND_LABELS = {
    "level": "level",
    "share_of_grdp": "share of GRDP",
    "annual_growth": "annual growth",
    "share": "share",
    "count": "count",
    "qualitative": "qualitative",
}


#: Order in which a target is picked as the chapter's headline target.
HEADLINE_KINDS = ["share_of_grdp", "annual_growth", "level", "count", "share"]


FIGURES = ("timeline", "targets", "ambition", "results", "parks", "priorities")


@dataclass
class Facts:
    """Everything one chapter needs, filtered to the province where a table is per province."""

    province: str
    profile: pd.Series
    names: dict[str, str]
    unit_name: str
    partners: list[str]
    documents: pd.DataFrame
    targets: pd.DataFrame
    results: pd.DataFrame
    parks: pd.DataFrame
    projects: pd.DataFrame
    priorities: pd.DataFrame
    all_priorities: pd.DataFrame
    codes: pd.DataFrame
    sources: pd.DataFrame
    statistics: pd.DataFrame
    indicators: pd.DataFrame
    provinces: pd.DataFrame
    data_dir: object = None
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def name(self) -> str:
        return self.names[self.province]

    @property
    def has_article(self) -> bool:
        return any(len(getattr(self, t)) for t in FACT_TABLES)


def statistics_index(facts: Facts) -> stats.Indexed:
    """The chapter's statistics indexed (see :class:`provbook.analysis.stats.Indexed`): figures,
    tables and sentences ask for the same cross-sections many times, and every chapter of a build
    for the same ones (the index is shared by content, :func:`provbook.analysis.stats.indexed`).
    Looked up again if ``statistics`` is replaced by another frame."""
    kept = facts._cache.get("statistics_index")
    if kept is None or kept[0] is not facts.statistics:
        kept = facts._cache["statistics_index"] = (
            facts.statistics,
            stats.indexed(facts.statistics),
        )
    return kept[1]


def _own(frame: pd.DataFrame, province: str) -> pd.DataFrame:
    return frame[frame["province_id"] == province].reset_index(drop=True)


#: Facts kept by :func:`load` in this process: a chapter's English and Vietnamese notebooks run
#: one after the other in the same kernel and share one Facts object (its computed tables too).
LOADED: OrderedDict = OrderedDict()
#: How many loaded provinces are kept (the two editions of a chapter run back to back).
KEEP = 4


def data_state(data_dir=None) -> tuple:
    """What :func:`load` read, as (path, mtime, size) of the descriptor and every table's file:
    a rewritten data file gives another state, so a changed data folder is loaded afresh."""
    directory = data.resolve_data_dir(data_dir)
    descriptor = directory / data.DESCRIPTOR
    files = [directory / res["path"] for res in data.package(directory)["resources"]]
    return (data.stat_key(descriptor), *(data.stat_key(f) for f in files if f.exists()))


def load(province: str, data_dir=None, statistics_until: int | None = None) -> Facts:
    """The province's :class:`Facts`, loaded once per data folder state (:func:`data_state`):
    the same arguments and unchanged files give the same object, so words in a second language
    cost no second computation. ``facts`` carries no language. See :func:`load_afresh`."""
    try:
        kind = type(statistics_until).__name__  # True == 1, but only 1 is a year
        key = (province, str(data.resolve_data_dir(data_dir)), statistics_until, kind)
        hash(key)
        state = data_state(data_dir)
    except (TypeError, ValueError, OSError, data.DataError):  # load_afresh says what is wrong
        return load_afresh(province, data_dir, statistics_until)
    kept = LOADED.get(key)
    if kept is not None and kept[0] == state:
        LOADED.move_to_end(key)
        return kept[1]
    facts = load_afresh(province, data_dir, statistics_until)
    LOADED[key] = (state, facts)
    while len(LOADED) > KEEP:
        LOADED.popitem(last=False)
    return facts


def load_afresh(province: str, data_dir=None, statistics_until: int | None = None) -> Facts:
    """Load and filter every table for one province; unknown ids raise ValueError (listing ids).

    ``statistics_until`` keeps official statistics up to that year only, so a chapter can be
    read as of an earlier date (every "latest year" in the chapter then falls on or before it).
    """
    data.check_province(province, data_dir)
    statistics = data.statistics(data_dir)
    if statistics_until is not None:
        years = statistics["year"]
        if isinstance(statistics_until, bool) or not isinstance(statistics_until, int):
            raise ValueError(
                f"statistics_until must be a year (an integer) or None, not {statistics_until!r}"
            )
        if statistics_until < years.min():
            raise ValueError(
                f"statistics_until={statistics_until} is before the first year of the official "
                f"statistics ({years.min()}); use a year from {years.min()} to {years.max()}"
            )
        statistics = statistics[years <= statistics_until]
    provinces = data.provinces(data_dir)
    units = data.units_2025(data_dir)
    profile = provinces.set_index("province_id").loc[province]
    names = dict(zip(provinces["province_id"], provinces["name_vi"], strict=True))
    code = profile["unit_2025_code"]
    unit_rows = units[units["unit_2025_code"] == code]
    unit_name = str(unit_rows["name_vi"].iloc[0]) if len(unit_rows) else str(code)
    members = provinces[provinces["unit_2025_code"] == code]["province_id"]
    partners = [names[p] for p in members if p != province]
    all_priorities = data.priorities(data_dir)
    return Facts(
        province=province,
        profile=profile,
        names=names,
        unit_name=unit_name,
        partners=partners,
        documents=_own(data.documents(data_dir), province),
        targets=_own(data.targets(data_dir), province),
        results=_own(data.results(data_dir), province),
        parks=_own(data.parks(data_dir), province),
        projects=_own(data.projects(data_dir), province),
        priorities=_own(all_priorities, province),
        all_priorities=all_priorities,
        codes=data.codes(data_dir),
        sources=data.sources(data_dir),
        # Categories make the many per-indicator filters of a chapter cheap (codes, not strings).
        statistics=statistics.astype({"province_id": "category", "indicator": "category"}),
        indicators=data.indicators(data_dir),
        provinces=provinces,
        data_dir=data_dir,
    )


def int_or_none(value) -> int | None:
    """A year or count read from a CSV cell, None when the cell is empty (tables, figures and
    outcomes print years of targets and documents this way)."""
    return None if missing(value) else int(value)


def growth_unit(unit) -> str:
    """'%' for any percentage unit ('% per year', '% of GRDP'), else the unit as written: how
    tables, figures and sentences print a target's unit after its number."""
    return "%" if isinstance(unit, str) and unit.startswith("%") else (unit or "")


def indicator_sources(facts: Facts, indicators) -> list[str]:
    indicators = tuple(indicators)

    def compute() -> list[str]:
        s = facts.statistics
        rows = s[s["indicator"].isin(list(indicators))]
        return list(dict.fromkeys(rows["source_id"].dropna()))

    return list(statistics_index(facts).kept(("indicator_sources", indicators), compute))


def codebook_word(group: str, value, lang: str = "en") -> str:
    """The reader word of a data value in the edition's language (``codebook.<group>.<value>``,
    provbook/words/<lang>/codebook.toml): a status, park type, target kind, qualifier ...; a
    missing value stays missing (a table prints its mark)."""
    if missing(value) or value == "":
        return value
    return say(f"codebook.{group}.{value}", lang)


def codebook_words(values: pd.Series, group: str, lang: str = "en") -> pd.Series:
    """:func:`codebook_word` of every value of a column."""
    return values.map(lambda v: codebook_word(group, v, lang))


def indicator_label(facts: Facts, indicator: str, lang: str = "en") -> str:
    """An indicator's name: data/indicators.csv's label in English, the codebook's in another
    language (tests/test_codebook.py checks that the English codebook repeats the CSV)."""
    rows = facts.indicators[facts.indicators["indicator"] == indicator]
    if lang != "en" and len(rows):
        return say(f"codebook.indicator.{indicator}", lang)
    return str(rows["label"].iloc[0]) if len(rows) else indicator


def indicator_unit(facts: Facts, indicator: str, lang: str = "en") -> str:
    rows = facts.indicators[facts.indicators["indicator"] == indicator]
    if lang != "en" and len(rows):
        return say(f"codebook.unit.{indicator}", lang)
    return str(rows["unit"].iloc[0]) if len(rows) else ""


def quantitative_targets(facts: Facts) -> pd.DataFrame:
    t = facts.targets
    keep = (t["kind"] != "qualitative") & (t["low"].notna() | t["high"].notna())
    return t[keep].reset_index(drop=True)


def growth_targets(facts: Facts) -> pd.DataFrame:
    """Annual growth targets for output (rising); reductions such as energy intensity excluded."""
    q = quantitative_targets(facts)
    q = q[q["kind"] == "annual_growth"]
    top = q[["low", "high"]].max(axis=1)
    return q[top > 0].reset_index(drop=True)


def dated_documents(facts: Facts) -> pd.DataFrame:
    """The province's documents with a period or an issue year: those the timeline draws, the
    documents sentence counts and the timeline's citation cites."""
    d = facts.documents
    issued = d["issued_date"].str[:4]
    has = d["period_start"].notna() | d["period_end"].notna() | issued.notna()
    return d[has].reset_index(drop=True)


def results_with_plan(facts: Facts) -> pd.DataFrame:
    """Results with their share of plan: as reported, else computed from a linked target."""
    r = facts.results.copy()
    computed = []
    for row in r.itertuples(index=False):
        if not missing(row.share_of_plan_pct):
            computed.append((float(row.share_of_plan_pct), "reported"))
            continue
        target = facts.targets[facts.targets["target_id"] == row.target_id]
        if isinstance(row.target_id, str) and len(target):
            t = target.iloc[0]
            goal = t["high"] if not missing(t["high"]) else t["low"]
            if t["unit"] == row.unit and t["kind"] in ("level", "count") and not missing(goal):
                computed.append((stats.share(row.value, goal), "computed from target"))
                continue
        computed.append((float("nan"), ""))
    r["share_of_plan"] = [c[0] for c in computed]
    r["plan_basis"] = [c[1] for c in computed]
    return r


def available_figures(facts: Facts) -> dict[str, bool]:
    """Which optional (article-based) figures this province's chapter shows."""
    r = results_with_plan(facts)
    return {
        "timeline": len(dated_documents(facts)) > 0,
        "targets": len(quantitative_targets(facts)) > 0,
        "ambition": len(growth_targets(facts)) > 0,
        "results": bool(
            r["share_of_plan"].notna().any() or r["change_prev_year_pct"].notna().any()
        ),
        "parks": len(facts.parks) > 0,
        "priorities": len(facts.priorities) > 0,
    }


def article_sources(facts: Facts) -> list[str]:
    """Source ids of the article facts about this province, in table order."""
    ids: list[str] = []
    for name in FACT_TABLES:
        ids += list(getattr(facts, name)["source_id"].dropna())
    return list(dict.fromkeys(ids))


def statistics_sources(facts: Facts) -> list[str]:
    used = [
        IIP, FDI_STOCK, FDI_FLOW, GRDP_PC, POPULATION, POPULATION_2018, AREA, DENSITY, PCI,
        NEW_ENTERPRISES, LABOUR_USE, *pci_subindices(facts),
    ]  # fmt: skip
    return indicator_sources(facts, used)


def cited_sources(facts: Facts) -> list[str]:
    """Every source the chapter cites, existing in sources.csv: articles, statistics, maps."""
    known = set(facts.sources["source_id"])
    ids = [*article_sources(facts), *statistics_sources(facts), BOUNDARY_SOURCE, MERGER_SOURCE]
    return [s for s in dict.fromkeys(ids) if s in known]


def latest_standing(facts: Facts, indicator: str) -> stats.Standing:
    """The province's newest value of an indicator and its rank among all provinces that year
    (the sentences and the glance table read the same standing)."""
    return statistics_index(facts).standing(facts.province, indicator)


def iip_record(facts: Facts, province: str | None = None) -> float:
    """Average yearly growth of the industrial production index over all years in the data."""
    series = statistics_index(facts).series(province or facts.province, IIP)
    return stats.average_annual_growth(series.to_numpy())


def iip_years(facts: Facts) -> tuple[int, int]:
    ys = statistics_index(facts).years(IIP)
    return (ys[0], ys[-1]) if ys else (0, 0)


#: The standing figure's panels after industrial growth: (indicator, log scale), each drawn for
#: all provinces in its newest year.
STANDING_PANELS = (
    (FDI_STOCK, True),
    (GRDP_PC, False),
    (POPULATION, True),
    (DENSITY, True),
    (PCI, False),
)


def row_sources(facts: Facts, indicators, years=None) -> list[str]:
    """Source ids of the chapter's rows of these indicators (in these years, if given)."""
    return stats.row_sources(facts.statistics, indicators, years)


def standing_sources(facts: Facts) -> list[str]:
    """Source ids of the rows the standing figure draws: every IIP year of the average, then
    each panel's newest year (the PCI of 2022 is not VCCI's 2005-2016 file)."""
    first, last = iip_years(facts)
    ids = row_sources(facts, [IIP], range(first, last + 1))
    index = statistics_index(facts)
    for indicator, _ in STANDING_PANELS:
        year = index.latest_year(indicator)
        if year is not None:
            ids += row_sources(facts, [indicator], [year])
    return list(dict.fromkeys(ids))


@cached
def iip_record_all(facts: Facts) -> pd.Series:
    """Average yearly IIP growth of every province (national row excluded)."""
    s = statistics_index(facts).rows(IIP)
    s = s[s["province_id"] != stats.NATIONAL]
    return (
        s.sort_values("year")
        .groupby("province_id")["value"]
        .apply(lambda v: stats.average_annual_growth(v.to_numpy()))
        .dropna()
    )


def target_when(row) -> tuple[str, str]:
    """How a target's time reads: ('in', '2026–2030') for a target over a period (its start and
    end years differ: "3 more parks in 2026–2030"), ('by', '2030') for a year to reach, ('', '')
    when the source gives neither."""
    start, end = int_or_none(row.get("period_start")), int_or_none(row.get("period_end"))
    if start and end and start != end:
        return "in", f"{start}–{end}"
    year = int_or_none(row.get("target_year")) or end
    return ("by", str(year)) if year else ("", "")


def period_span(start, end) -> str:
    """'2021–2025' for a period, the one year when start and end agree or one is missing, ''
    without either (tables and figures label documents and targets this way)."""
    a, b = int_or_none(start), int_or_none(end)
    if a and b and a != b:
        return f"{a}–{b}"
    return str(b or a or "")


def pci_subindices(facts: Facts) -> list[str]:
    """PCI sub-index indicators in data/ (scored to 2016 only; the composite runs on)."""
    ids = facts.indicators["indicator"]
    return [i for i in ids if i.startswith(PCI_SUBINDEX_PREFIX) and i not in PCI_NOT_SUBINDICES]


@cached
def pci_subindex_standing(facts: Facts) -> pd.DataFrame:
    """PCI sub-indices of their own latest year: province score, median, gap; best first.

    The sub-indices end earlier (2016) than the composite score (2022), so their year is the
    latest year with any sub-index for the province, not the composite's year.
    """
    index = statistics_index(facts)
    years = [index.latest_year(i, facts.province) for i in pci_subindices(facts)]
    years = [y for y in years if y is not None]
    year = max(years) if years else None
    rows = []
    for ind in pci_subindices(facts):
        if year is None:
            break
        st = index.standing(facts.province, ind, year)
        if st.known:
            label = indicator_label(facts, ind).removeprefix("PCI: ")
            rows.append(
                {
                    "indicator": ind,
                    "label": label,
                    "year": year,
                    "value": st.value,
                    "median": st.median,
                    "gap": st.value - st.median,
                    "rank": st.rank,
                    "count": st.count,
                }
            )
    frame = pd.DataFrame(
        rows, columns=["indicator", "label", "year", "value", "median", "gap", "rank", "count"]
    )
    return frame.sort_values("gap", ascending=False, kind="stable").reset_index(drop=True)


def data_unit(unit, lang: str = "en"):
    """A unit as a fact table writes it ('% per year', 'VND billion') in the edition's language
    (``codebook.data_unit``); English keeps the data's own words, a missing unit stays missing.
    Units are free text of the sources' facts: one the catalogue does not know (a new province's
    'tonnes of rice') is printed as written, not refused, so adding facts needs no code."""
    if lang == "en" or missing(unit) or unit == "":
        return unit
    return say_or(f"codebook.data_unit.{unit}", lang, unit)


def span_as_stated(low, high, qualifier=None, digits: int = 1, unit: str = "", lang: str = "en"):
    """A point or range with the source's qualifier before it ('about 40–45%', 'khoảng
    40–45 %'), in the edition's language (:func:`prose.qualified_span`'s English)."""
    text = stats_span(low, high, digits, unit, lang)
    if text == "–" or qualifier is None or missing(qualifier) or qualifier == "":
        return text
    return f"{codebook_word('qualifier', qualifier, lang)} {text}"


def headline_order(targets: pd.DataFrame) -> list:
    """Index of quantitative targets in the order a chapter picks its headline targets: by kind
    (:data:`HEADLINE_KINDS`), then by year (the prose and the targets chart agree)."""
    order = {k: i for i, k in enumerate(HEADLINE_KINDS)}
    ranked = targets.assign(
        _kind=targets["kind"].map(order).fillna(len(order)),
        _year=targets["target_year"].astype("Float64").fillna(9999),
    )
    return list(ranked.sort_values(["_kind", "_year"], kind="stable").index)


def ordinal(n, lang: str = "en", short: bool = False) -> str:
    """A rank as the edition writes it: '14th', 'thứ 14' (``charts.ordinal``); '–' for none.
    ``short``: as a row of ranks over a chart writes it ('14th', '14': its subtitle says they
    are ranks; 'thứ 14' over every year ran into its neighbours)."""
    if n is None or missing(n):
        return stats.ordinal(None)
    key = "charts.ordinal_short" if short else "charts.ordinal"
    return say(key, lang, ordinal=stats.ordinal(n) if lang == "en" else int(n))


def slug(text: str) -> str:
    """'Change on previous year, %' -> 'change_on_previous_year': a key of the catalogues."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def header(column: str, lang: str = "en", keys: dict[str, str] | None = None) -> str:
    """A table's column header in the edition's language (``charts.table.<slug>``, or the key
    ``keys`` gives for a header that means something else in one table); the builders name
    columns in English, the one set of names the code and the CSV's order rely on."""
    if lang == "en":
        return column
    return say(f"charts.table.{(keys or {}).get(column, slug(column))}", lang)


def in_language(
    frame: pd.DataFrame, lang: str = "en", keys: dict[str, str] | None = None
) -> pd.DataFrame:
    """The table with its headers in ``lang`` (values are the builders' own business)."""
    return frame if lang == "en" else frame.rename(columns=lambda c: header(c, lang, keys))
