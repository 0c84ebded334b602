"""Small, pure computations on the long ``statistics`` table: ranks, medians, growth, shares.

Every number the chapters state about a province "in national context" is computed here from
``data/statistics.csv`` rather than typed, so the same rule (rank 1 = highest, median of the
provinces that report a value) holds in every chapter. Functions take DataFrames or Series and
never read files.
"""

from __future__ import annotations

import hashlib
import math
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from provbook.datapackage.names import NATIONAL_ID

#: The ``province_id`` of national figures in statistics.csv: an alias of
#: :data:`provbook.datapackage.names.NATIONAL_ID`, the one home of that id.
NATIONAL = NATIONAL_ID


def _is_missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def series(stats: pd.DataFrame, province: str, indicator: str) -> pd.Series:
    """One province's (or ``vietnam``'s) values of one indicator, indexed by year, sorted."""
    rows = stats[(stats["province_id"] == province) & (stats["indicator"] == indicator)]
    out = pd.Series(
        rows["value"].astype(float).to_numpy(),
        index=rows["year"].astype(int).to_numpy(),
        name=indicator,
    )
    out.index.name = "year"
    return out.sort_index()


def cross_section(stats: pd.DataFrame, indicator: str, year: int) -> pd.Series:
    """Values of all provinces (national row excluded) for one indicator and year, by province."""
    rows = stats[
        (stats["indicator"] == indicator)
        & (stats["year"] == year)
        & (stats["province_id"] != NATIONAL)
    ]
    values = pd.Series(
        rows["value"].astype(float).to_numpy(), index=rows["province_id"].to_numpy(), name=year
    )
    return values.dropna().sort_index()


def row_sources(stats: pd.DataFrame, indicators, years=None) -> list[str]:
    """Source ids of the rows of these indicators (of these years, if given), in the order of
    the rows: what a chart or table drawing those rows credits (a series can change source
    from one year to the next, so the indicator's own source is not enough)."""
    rows = stats[stats["indicator"].isin(list(indicators))]
    if years is not None:
        rows = rows[rows["year"].isin([int(y) for y in years])]
    return [s for s in dict.fromkeys(rows["source_id"]) if isinstance(s, str) and s]


def years(stats: pd.DataFrame, indicator: str) -> list[int]:
    """Years for which any province reports the indicator, ascending."""
    rows = stats[(stats["indicator"] == indicator) & (stats["province_id"] != NATIONAL)]
    return sorted(int(y) for y in rows["year"].dropna().unique())


def latest_year(stats: pd.DataFrame, indicator: str, province: str | None = None) -> int | None:
    """Most recent year with a value (for one province if given); None if there is none."""
    rows = stats[(stats["indicator"] == indicator) & stats["value"].notna()]
    if province is not None:
        rows = rows[rows["province_id"] == province]
    if rows.empty:
        return None
    return int(rows["year"].max())


def rank(values: pd.Series, province: str, ascending: bool = False) -> int | None:
    """Rank of one province among those with a value: 1 = highest (or lowest if ``ascending``).

    Ties share the best rank ("min" method), as league tables do. None if the province has no
    value.
    """
    values = values.dropna()
    if province not in values.index:
        return None
    ranks = values.rank(ascending=ascending, method="min")
    return int(ranks[province])


def median(values: pd.Series) -> float:
    """Median across provinces (NaN if none): the 'national median' of the chapters."""
    values = values.dropna()
    return float(values.median()) if len(values) else float("nan")


def growth_from_index(index: float | pd.Series) -> float | pd.Series:
    """Growth in % from an index with the previous year = 100 (GSO's convention)."""
    return index - 100.0


def average_annual_growth(index: Iterable[float]) -> float:
    """Compound average annual growth in % over years given as previous-year = 100 indices.

    Five indices 2012-2016 give the average yearly growth from 2011 to 2016. NaN if any year is
    missing: an average over a gap would overstate what is known.
    """
    values = [float(v) for v in index]
    if not values or any(_is_missing(v) for v in values):
        return float("nan")
    factor = float(np.prod(np.array(values) / 100.0))
    return (factor ** (1.0 / len(values)) - 1.0) * 100.0


def share(part: float, whole: float) -> float:
    """``part`` as % of ``whole``; NaN when the whole is missing or zero."""
    if _is_missing(part) or _is_missing(whole) or whole == 0:
        return float("nan")
    return float(part) / float(whole) * 100.0


def change_pct(new: float, old: float) -> float:
    """Change from ``old`` to ``new`` in %; NaN when either is missing or ``old`` is zero."""
    if _is_missing(new) or _is_missing(old) or old == 0:
        return float("nan")
    return (float(new) / float(old) - 1.0) * 100.0


def density(population_thousand: float, area_km2: float) -> float:
    """Persons per km2 from a population in thousands and an area in km2."""
    if _is_missing(population_thousand) or _is_missing(area_km2) or area_km2 == 0:
        return float("nan")
    return float(population_thousand) * 1000.0 / float(area_km2)


@dataclass(frozen=True)
class Standing:
    """A province's value of one indicator in one year, with its place among the provinces."""

    indicator: str
    year: int | None
    value: float
    rank: int | None
    count: int
    median: float
    national: float

    @property
    def known(self) -> bool:
        return self.year is not None and not math.isnan(self.value)


def standing(
    stats: pd.DataFrame,
    province: str,
    indicator: str,
    year: int | None = None,
    ascending: bool = False,
) -> Standing:
    """Value, rank among the provinces reporting it, median and national figure for one year.

    Without ``year`` the province's latest year with a value is used.
    """
    if year is None:
        year = latest_year(stats, indicator, province)
    if year is None:
        return _unknown(indicator)
    return _standing(
        cross_section(stats, indicator, year),
        series(stats, NATIONAL, indicator),
        province,
        indicator,
        year,
        ascending,
    )


def _unknown(indicator: str) -> Standing:
    nan = float("nan")
    return Standing(indicator, None, nan, None, 0, nan, nan)


def _standing(
    values: pd.Series, national: pd.Series, province: str, indicator: str, year, ascending: bool
) -> Standing:
    """The one rule of :func:`standing`, shared with :meth:`Indexed.standing`."""
    return Standing(
        indicator=indicator,
        year=int(year),
        value=float(values.get(province, float("nan"))),
        rank=rank(values, province, ascending=ascending),
        count=int(len(values)),
        median=median(values),
        national=float(national.get(int(year), float("nan"))),
    )


def over_time(
    stats: pd.DataFrame, province: str, indicator: str, ascending: bool = False
) -> pd.DataFrame:
    """Per year: the province's value, its rank, the number ranked, the median, national value."""
    return _over_time(
        [standing(stats, province, indicator, y, ascending) for y in years(stats, indicator)]
    )


def _over_time(standings: list[Standing]) -> pd.DataFrame:
    rows = [
        {
            "year": s.year,
            "value": s.value,
            "rank": s.rank,
            "count": s.count,
            "median": s.median,
            "national": s.national,
        }
        for s in standings
    ]
    frame = pd.DataFrame(rows, columns=["year", "value", "rank", "count", "median", "national"])
    frame["rank"] = frame["rank"].astype("Int64")
    return frame


def median_by_year(stats: pd.DataFrame, indicator: str) -> pd.Series:
    """Median across provinces for every year of the indicator."""
    return pd.Series(
        {y: median(cross_section(stats, indicator, y)) for y in years(stats, indicator)},
        name="median",
        dtype=float,
    )


class Indexed:
    """One statistics frame split once by indicator, (indicator, year) and (province,
    indicator), each answer kept.

    A chapter asks the same frame for hundreds of cross-sections, standings and series, and the
    functions above scan the whole frame every time. Each method gives what the function of the
    same name gives on :attr:`frame` (it runs that function on the few rows that can match);
    results that callers may change (Series, DataFrames) are handed out as copies. Index a
    frame that will not be changed in place: a changed copy is a new frame to index anew.
    """

    def __init__(self, stats: pd.DataFrame) -> None:
        self.frame = stats
        self._positions: dict[tuple[str, ...], dict] = {}
        self._memo: dict[tuple, object] = {}

    def rows(
        self, indicator: str, year: int | None = None, province: str | None = None
    ) -> pd.DataFrame:
        """The frame's rows of one indicator (and year, or province), in frame order."""
        if year is not None and province is not None:
            raise ValueError("rows() takes a year or a province, not both")
        if year is not None:
            return self._take(("indicator", "year"), (indicator, year))
        if province is not None:
            return self._take(("province_id", "indicator"), (province, indicator))
        return self._take(("indicator",), indicator)

    def _take(self, columns: tuple[str, ...], key) -> pd.DataFrame:
        groups = self._positions.get(columns)
        if groups is None:
            by = list(columns) if len(columns) > 1 else columns[0]
            grouped = self.frame.groupby(by, observed=True, sort=False, dropna=False)
            groups = self._positions[columns] = grouped.indices
        try:
            positions = groups.get(key)
        except TypeError:  # an unhashable key matches no row
            positions = None
        return self.frame.iloc[positions if positions is not None else []]

    def kept(self, key: tuple, compute):
        """``compute()`` once per key for this frame (for answers derived from its rows)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def series(self, province: str, indicator: str) -> pd.Series:
        key = ("series", province, indicator)
        rows = self.kept(
            key, lambda: series(self.rows(indicator, province=province), province, indicator)
        )
        return rows.copy()

    def cross_section(self, indicator: str, year: int) -> pd.Series:
        key = ("cross_section", indicator, year)
        values = self.kept(key, lambda: cross_section(self.rows(indicator, year), indicator, year))
        return values.copy()

    def years(self, indicator: str) -> list[int]:
        return list(self.kept(("years", indicator), lambda: years(self.rows(indicator), indicator)))

    def latest_year(self, indicator: str, province: str | None = None) -> int | None:
        return self.kept(
            ("latest_year", indicator, province),
            lambda: latest_year(self.rows(indicator), indicator, province),
        )

    def standing(
        self, province: str, indicator: str, year: int | None = None, ascending: bool = False
    ) -> Standing:
        if year is None:
            year = self.latest_year(indicator, province)
        if year is None:
            return _unknown(indicator)
        return self.kept(
            ("standing", province, indicator, year, ascending),
            lambda: _standing(
                self.cross_section(indicator, year),
                self.series(NATIONAL, indicator),
                province,
                indicator,
                year,
                ascending,
            ),
        )

    def over_time(self, province: str, indicator: str, ascending: bool = False) -> pd.DataFrame:
        frame = self.kept(
            ("over_time", province, indicator, ascending),
            lambda: _over_time(
                [self.standing(province, indicator, y, ascending) for y in self.years(indicator)]
            ),
        )
        return frame.copy()

    def median_by_year(self, indicator: str) -> pd.Series:
        values = self.kept(
            ("median_by_year", indicator),
            lambda: pd.Series(
                {y: median(self.cross_section(indicator, y)) for y in self.years(indicator)},
                name="median",
                dtype=float,
            ),
        )
        return values.copy()


#: Indexes kept for frames of the same content, newest last (a build reads one or two tables).
_SHARED: OrderedDict[str, Indexed] = OrderedDict()
_SHARED_MAX = 4


def fingerprint(frame: pd.DataFrame) -> str:
    """A digest of a frame's content: columns, dtypes (categories too), index and values.

    Row hashes alone would equate 0.0 with -0.0, so float values are added as raw bytes.
    """
    digest = hashlib.sha256()
    digest.update(repr([(str(c), repr(t)) for c, t in frame.dtypes.items()]).encode())
    digest.update(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
    for column in frame.columns:
        values = frame[column]
        if values.dtype.kind == "f":
            digest.update(np.ascontiguousarray(values.to_numpy()).tobytes())
    return digest.hexdigest()


def indexed(stats: pd.DataFrame) -> Indexed:
    """The :class:`Indexed` of a frame, shared by every frame of the same content.

    Each chapter of a build loads its own copy of the same statistics; sharing the index by
    content (:func:`fingerprint`) computes each cross-section and standing once per build
    process instead of once per chapter. Another data folder, a changed copy or other dtypes
    give another fingerprint, so another index.
    """
    key = fingerprint(stats)
    index = _SHARED.get(key)
    if index is None:
        index = _SHARED[key] = Indexed(stats)
        while len(_SHARED) > _SHARED_MAX:
            _SHARED.popitem(last=False)
    else:
        _SHARED.move_to_end(key)
    return index


def ordinal(n: int | None) -> str:
    """1 -> '1st', 22 -> '22nd', 13 -> '13th'; '–' for unknown."""
    if n is None or _is_missing(n):
        return "–"
    n = int(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
