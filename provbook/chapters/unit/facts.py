"""Loading one new province (2025) with its old parts; figures computed from the parts."""

from __future__ import annotations

import functools
import hashlib
import math
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from provbook.analysis import aggregate
from provbook.datapackage import data

#: Indicators the book computes for a new province from its parts (each has a rule).
COMPUTED = (
    "population",
    "area",
    "population_density",
    "grdp_per_capita",
    "new_enterprises",
    "fia_new_projects",
    # New projects' capital, as in the old chapters: the year's total changed coverage in 2019.
    "fia_new_capital",
)
#: Indicators with rule 'none' that the chapter shows part by part.
SIDE_BY_SIDE = ("pci_weighted", "iip_index", "industrial_labour_use_index")
#: The office's figure checked against the one computed from the parts.
CHECKED = ("grdp_per_capita", 2020)
#: Statistics office source of statistics_2025.csv; boundaries and merger sources.
OFFICE_SOURCE = "nso_units_2025"
BOUNDARY_SOURCE = "odv_boundaries"
MERGER_SOURCE = "merger_2025"


@dataclass
class UnitFacts:
    """Everything one new-province chapter needs."""

    unit: str
    name: str
    short_name: str
    code: int
    parts: list[str]
    names: dict[str, str]
    office: pd.DataFrame
    statistics: pd.DataFrame
    statistics_2025: pd.DataFrame
    indicators: pd.DataFrame
    provinces: pd.DataFrame
    units: pd.DataFrame
    sources: pd.DataFrame
    data_dir: object = None
    #: Results computed once per chapter (see :func:`memo`); never compared or shown.
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def part_names(self) -> list[str]:
        return [self.names[p] for p in self.parts]


def check_unit(unit: str, data_dir=None) -> str:
    """The id if units_2025.csv has it; else ValueError listing the ids."""
    known = sorted(data.units_2025(data_dir)["unit_2025_id"])
    if unit not in known:
        raise ValueError(
            f"unknown id {unit!r} of a province since 2025-07-01; known ids: {', '.join(known)}"
        )
    return unit


#: Chapters kept loaded in this process (the kernel): a chapter's English and Vietnamese
#: notebooks run one after the other, so a few suffice.
KEPT_CHAPTERS = 4
_loaded: OrderedDict[tuple, UnitFacts] = OrderedDict()


@functools.lru_cache(maxsize=256)
def _digest(path: str, _mtime_ns: int, _size: int) -> str:
    """A file's contents as a hash, read again only when the file is rewritten."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def data_signature(data_dir=None) -> tuple:
    """What the data folder holds: every file's relative path and content hash. Equal for a
    copy with the same contents; different as soon as one byte of one file differs."""
    directory = data.resolve_data_dir(data_dir)
    files = sorted(path for path in Path(directory).rglob("*") if path.is_file())
    return tuple(
        (path.relative_to(directory).as_posix(), _digest(*data.stat_key(path))) for path in files
    )


def load(unit: str, data_dir=None) -> UnitFacts:
    """The new province, its old parts and both statistics tables: loaded once per process for
    the same id, data folder and data contents, so that the chapter's notebook in a second
    language reuses every figure the first one computed (:func:`memo`). Only words differ
    between the editions; ``facts`` carries no language."""
    key = (unit, str(Path(data.resolve_data_dir(data_dir)).resolve()), data_signature(data_dir))
    if key in _loaded:
        _loaded.move_to_end(key)
        return _loaded[key]
    facts = _load(unit, data_dir)
    _loaded[key] = facts
    while len(_loaded) > KEPT_CHAPTERS:
        _loaded.popitem(last=False)
    return facts


def _load(unit: str, data_dir=None) -> UnitFacts:
    check_unit(unit, data_dir)
    units = data.units_2025(data_dir)
    provinces = data.provinces(data_dir)
    row = units.set_index("unit_2025_id").loc[unit]
    statistics_2025 = data.statistics_2025(data_dir)
    return UnitFacts(
        unit=unit,
        name=str(row["name_vi"]),
        short_name=str(row["name_short"]),
        code=int(row["unit_2025_code"]),
        parts=aggregate.parts_of(unit, provinces, units),
        names=dict(zip(provinces["province_id"], provinces["name_vi"], strict=True)),
        office=statistics_2025[statistics_2025["unit_2025_id"] == unit].reset_index(drop=True),
        statistics=data.statistics(data_dir),
        statistics_2025=statistics_2025,
        indicators=data.indicators(data_dir),
        provinces=provinces,
        units=units,
        sources=data.sources(data_dir),
        data_dir=data_dir,
    )


def memo(facts: UnitFacts, key: tuple, make):
    """``make()`` once per chapter: tables, figures and sentences ask for the same figures many
    times, and recomputing them cost more than drawing the chapter."""
    if key not in facts._cache:
        facts._cache[key] = make()
    return facts._cache[key]


def _parts_statistics(facts: UnitFacts) -> pd.DataFrame:
    return memo(
        facts,
        ("parts_statistics",),
        lambda: facts.statistics[facts.statistics["province_id"].isin(facts.parts)],
    )


def part_rows(facts: UnitFacts, indicator: str) -> pd.DataFrame:
    """The rows of statistics.csv for the indicator and the unit's old parts (do not change)."""
    own = _parts_statistics(facts)
    return memo(facts, ("part_rows", indicator), lambda: own[own["indicator"] == indicator])


def part_chapter(facts: UnitFacts, part: str):
    """The old chapter's facts of one part (:func:`provbook.chapters.province.load`), once."""
    from provbook.chapters import province as chapter

    return memo(facts, ("part_chapter", part), lambda: chapter.load(part, facts.data_dir))


def indicator_row(facts: UnitFacts, indicator: str) -> pd.Series:
    by_id = memo(facts, ("indicators",), lambda: facts.indicators.set_index("indicator"))
    return by_id.loc[indicator]


def computed(facts: UnitFacts, indicator: str, year: int) -> float:
    """The new province's figure computed from its parts (NaN when a part lacks it)."""

    def compute():
        lookup = memo(facts, ("lookup",), lambda: aggregate.Lookup(_parts_statistics(facts)))
        rule = memo(
            facts, ("rule", indicator), lambda: aggregate.rule_of(indicator, facts.indicators)
        )
        try:
            units = memo(facts, ("units",), lambda: aggregate.units_of(facts.indicators))
            return aggregate.from_parts(
                lookup, facts.parts, facts.unit, indicator, year, rule, units
            )
        except aggregate.MissingParts:
            return math.nan

    return memo(facts, ("computed", indicator, int(year)), compute)


def computed_series(facts: UnitFacts, indicator: str) -> pd.DataFrame:
    """Year and value for every year all parts report (columns year, value)."""

    def compute():
        years = sorted(int(y) for y in part_rows(facts, indicator)["year"].unique())
        values = [(y, computed(facts, indicator, y)) for y in years]
        frame = pd.DataFrame(values, columns=["year", "value"])
        return frame.dropna().reset_index(drop=True)

    return memo(facts, ("computed_series", indicator), compute).copy()


def computed_sources(facts: UnitFacts, indicator: str, years=None) -> list[str]:
    """Source ids of the parts' rows a computed series reads, in the years it has (or those of
    them given): the indicator's own and, for a population-weighted one, the population
    weighting it (for a ratio of totals, its two totals)."""
    rule = str(indicator_row(facts, indicator)["aggregation"])
    read = {
        "population_weighted": [indicator, aggregate.WEIGHT],
        "ratio_of_totals": list(aggregate.RATIO_PARTS.get(indicator, (indicator,))),
    }.get(rule, [indicator])
    computed = computed_series(facts, indicator)["year"].astype(int).tolist()
    years = computed if years is None else [y for y in computed if y in set(years)]
    own = _parts_statistics(facts)
    rows = own[own["indicator"].isin(read) & own["year"].astype(int).isin(years)]
    return list(dict.fromkeys(rows["source_id"]))


def grdp_sources(facts: UnitFacts) -> list[str]:
    """What the GRDP figure draws: the computed line's rows, then the office's own figures."""
    office = facts.office[facts.office["indicator"] == "grdp_per_capita"]
    return list(dict.fromkeys([*computed_sources(facts, "grdp_per_capita"), *office["source_id"]]))


def office_value(facts: UnitFacts, indicator: str, year: int) -> tuple[float, str]:
    """The office's figure for the new province and its status (NaN, '' when not published)."""
    rows = facts.office[
        (facts.office["indicator"] == indicator) & (facts.office["year"].astype(int) == year)
    ]
    if rows.empty:
        return math.nan, ""
    return float(rows["value"].iloc[0]), str(rows["status"].iloc[0])


def consistency(facts: UnitFacts) -> dict:
    """GRDP per capita 2020 computed from the parts against the office's own 2020 figure (the
    row of :func:`provbook.analysis.aggregate.compare_with_office` for this province)."""
    indicator, year = CHECKED
    published, _ = office_value(facts, indicator, year)
    row = aggregate.difference_row(facts.unit, computed(facts, indicator, year), published)
    return {
        "from_parts": float(row["from_parts"]),
        "office": float(row["office"]),
        "difference": float(row["difference"]),
        "relative": float(row["relative"]),
        "year": year,
    }


def side_by_side(facts: UnitFacts, indicator: str) -> pd.DataFrame:
    """One column per old part (its name), one row per year: never combined."""

    def pivot():
        rows = part_rows(facts, indicator)
        wide = rows.pivot_table(
            index="year", columns="province_id", values="value", aggfunc="first"
        )
        wide = wide.reindex(columns=[p for p in facts.parts if p in wide.columns])
        return wide.rename(columns=facts.names).sort_index()

    return memo(facts, ("side_by_side", indicator), pivot).copy()


def parts_with_facts(facts: UnitFacts) -> list[str]:
    """Old parts with at least one article fact (their chapters are in the default book)."""
    return [p for p in facts.parts if part_chapter(facts, p).has_article]
