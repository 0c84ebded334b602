"""Old targets set beside the official outcome (issue 22).

An article's target falls due in a year; where an official series in ``statistics.csv``
measures the same thing and covers that year, the chapter sets the outcome beside the target
and says whether it was met. A target and a series are set side by side only when they measure
the same thing in the same unit and on the same price basis: a target in USD is never compared
with a series in million VND (no conversion rate is stated anywhere in the data), nor a target
at constant prices with a series at current prices. Such a pair is listed as "not comparable",
with the reason.

Which series measures which target is stated once, in :data:`MEASURED_BY`, keyed by the target's
English indicator label; a target whose indicator is not listed there has no official outcome.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from provbook.chapters.province.citations import source_label
from provbook.chapters.province.facts import Facts, data_unit, in_language, int_or_none
from provbook.chapters.province.prose import qualified_span, say, subject
from provbook.text import fixed, join_names


@dataclass(frozen=True)
class Series:
    """An official series that can measure a target: its indicator, unit and price basis."""

    indicator: str
    unit: str
    label: str
    prices: str = ""  # "current" for a value series at current prices, "" where none applies


#: The official series of ``statistics.csv`` that measure a target, by the target's indicator.
MEASURED_BY = {
    "GRDP per capita": Series("grdp_per_capita", "million VND", "GRDP per capita", "current"),
    "FDI registered capital": Series(
        "fia_total_capital", "USD million", "FDI capital registered in the year"
    ),
    "New FDI registered capital": Series(
        "fia_new_capital", "USD million", "capital of new FDI projects"
    ),
}

#: Series whose last year the chapter names when no target can be checked.
COVERAGE = (("grdp_per_capita", "GRDP per capita"), ("fia_total_capital", "FDI"))

COLUMNS = [
    "Target",
    "Year",
    "Target value",
    "Outcome",
    "Verdict",
    "Target source",
    "Outcome source",
]


def target_year(row) -> int | None:
    """The year a target falls due: its target year, else the end of its period."""
    return int_or_none(row.get("target_year")) or int_or_none(row.get("period_end"))


def dated_targets(facts: Facts) -> pd.DataFrame:
    """The province's targets that fall due in a stated year, with that year as ``due``."""
    t = facts.targets.copy()
    t["due"] = [target_year(row) for _, row in t.iterrows()]
    return t[t["due"].notna()]


def _series_end(facts: Facts, indicator: str) -> int | None:
    s = facts.statistics
    years = s.loc[(s["province_id"] == facts.province) & (s["indicator"] == indicator), "year"]
    return int(years.max()) if len(years) else None


def _official(facts: Facts, indicator: str, year: int) -> pd.Series | None:
    s = facts.statistics
    rows = s[
        (s["province_id"] == facts.province)
        & (s["indicator"] == indicator)
        & (s["year"].astype(int) == year)
    ]
    return None if rows.empty else rows.iloc[0]


def _price_basis(row) -> str:
    text = f"{row.get('indicator', '')} {row.get('note', '')}".lower()
    if "constant" in text:
        return "constant"
    if "current" in text:
        return "current"
    return ""


def incomparable(row, series: Series, lang: str = "en") -> str:
    """Why a target cannot be set against the series ('' when it can), in ``lang``."""
    unit = str(row.get("unit") or "")
    if unit != series.unit:
        return say(
            "outcomes.incomparable_unit",
            lang,
            unit=data_unit(unit, lang) if unit else say("outcomes.no_unit", lang),
            series=data_unit(series.unit, lang),
        )
    basis = _price_basis(row)
    if series.prices and basis and basis != series.prices:
        return say(
            "outcomes.incomparable_prices",
            lang,
            basis=say(f"outcomes.prices.{basis}", lang),
            series=say(f"outcomes.prices.{series.prices}", lang),
        )
    return ""


def verdict(value: float, low: float, high: float, lang: str = "en") -> str:
    """'met' when the outcome reaches the target's lower bound, else 'not met' (a range is met
    from its low end; 'about' and 'at least' read the same way), in ``lang``."""
    return say(f"outcomes.verdict.{_verdict_key(value, low, high)}", lang)


def _verdict_key(value: float, low: float, high: float) -> str:
    floor = low if not np.isnan(low) else high
    return "met" if value >= floor else "not_met"


@dataclass(frozen=True)
class Checked:
    """A dated target that an official series measures and covers in its year, with the
    outcome (None: no figure that year) and the tally it counts in (``outcomes.<kind>``)."""

    row: pd.Series
    series: Series
    year: int
    official: pd.Series | None
    kind: str  # met, not_met, not_comparable, no_figure


def checked_targets(facts: Facts) -> list[Checked]:
    """The targets :func:`outcomes_table` shows, in order, with no words (one list for every
    language)."""
    found = []
    for _, row in dated_targets(facts).iterrows():
        series = MEASURED_BY.get(str(row["indicator"]))
        if series is None:
            continue
        year = int(row["due"])
        end = _series_end(facts, series.indicator)
        if end is None or year > end:
            continue
        official = _official(facts, series.indicator, year)
        if official is None:
            kind = "no_figure"
        elif incomparable(row, series):
            kind = "not_comparable"
        else:
            kind = _verdict_key(float(official["value"]), float(row["low"]), float(row["high"]))
        found.append(Checked(row, series, year, official, kind))
    return found


def outcomes_table(facts: Facts, lang: str = "en") -> pd.DataFrame:
    """One row per dated target that an official series measures and covers in its year, its
    words and headers in ``lang``."""
    rows = []
    for c in checked_targets(facts):
        row = c.row
        low, high = float(row["low"]), float(row["high"])
        unit = str(row.get("unit") or "")
        # English spans glue the unit on ("45 million VND" from " million VND"); Vietnamese
        # ones put the space themselves ("45 triệu đồng", "7,2 %").
        shown_unit = f" {unit}" if lang == "en" else data_unit(unit, lang)
        target = qualified_span(low, high, row.get("qualifier"), unit=shown_unit, lang=lang)
        if c.official is None:
            outcome, source = "", ""
            said = say("outcomes.no_official_figure", lang, year=c.year)
        else:
            value = float(c.official["value"])
            outcome = f"{fixed(value, 2, lang)} {data_unit(str(c.official['unit']), lang)}"
            source = source_label(facts, c.official["source_id"], lang)
            said = incomparable(row, c.series, lang) or verdict(value, low, high, lang)
        indicator = row["indicator"]
        if lang != "en" and isinstance(row.get("indicator_vi"), str) and row["indicator_vi"]:
            indicator = row["indicator_vi"]
        rows.append(
            {
                "Target": indicator,
                "Year": c.year,
                "Target value": target,
                "Outcome": outcome,
                "Verdict": said,
                "Target source": source_label(facts, row["source_id"], lang),
                "Outcome source": source,
            }
        )
    return in_language(pd.DataFrame(rows, columns=COLUMNS), lang)


def _coverage(facts: Facts, lang: str = "en") -> str:
    ends = [(indicator, _series_end(facts, indicator)) for indicator, _ in COVERAGE]
    return join_names(
        [
            say(
                "outcomes.coverage",
                lang,
                label=say(f"outcomes.series.{indicator}", lang),
                end=end,
            )
            for indicator, end in ends
            if end
        ],
        lang=lang,
    )


def outcomes_values(facts: Facts, lang: str = "en") -> dict:
    """``outcomes_note``: what the official series say about the old targets, in a sentence."""
    kinds = [c.kind for c in checked_targets(facts)]
    dated = dated_targets(facts)
    name = facts.name
    if facts.targets.empty:
        return {"outcomes_note": "", "has_outcomes": ""}
    who = {"name": name, **subject(facts, lang)}
    if dated.empty:
        k = len(facts.targets)
        note = say("outcomes.undated_one" if k == 1 else "outcomes.undated_many", lang, n=k, **who)
        return {"outcomes_note": note, "has_outcomes": ""}
    first, last = int(dated["due"].min()), int(dated["due"].max())
    if first == last:
        when = say("outcomes.when_year", lang, year=first)
    else:
        when = say("outcomes.when_years", lang, first=first, last=last)
    n = len(dated)
    one_or_many = "one" if n == 1 else "many"
    if not kinds:
        measured = [MEASURED_BY.get(str(i)) for i in dated["indicator"]]
        ends = [e for e in (_series_end(facts, ind) for ind, _ in COVERAGE) if e]
        why = "why_not_in_year" if any(measured) else "why_unmeasured"
        why = say(f"outcomes.{why}_{one_or_many}", lang, coverage=_coverage(facts, lang))
        if ends and first > max(ends):
            why = say(f"outcomes.late_{one_or_many}", lang, why=why)
        note = say(
            f"outcomes.none_set_{one_or_many}",
            lang,
            targets=say("count.targets", lang, count=n),
            when=when,
            why=why,
            **who,
        )
        return {"outcomes_note": note, "has_outcomes": ""}
    tallies = [(key, kinds.count(key)) for key in ("met", "not_met", "not_comparable", "no_figure")]
    counts = join_names(
        [say(f"outcomes.{key}", lang, count=k) for key, k in tallies if k], lang=lang
    )
    if len(kinds) < n:
        note = say(
            "outcomes.some_set",
            lang,
            dated=say("outcomes.dated", lang, count=n),
            name=name,
            comparable=len(kinds),
            counts=counts,
        )
    else:
        note = say("outcomes.all_set", lang, name=name, counts=counts)
    return {"outcomes_note": note, "has_outcomes": "yes"}
