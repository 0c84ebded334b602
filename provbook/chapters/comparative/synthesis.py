"""The synthesis's computed sentences, reusing the sections' tables."""

from __future__ import annotations

from provbook.analysis import stats
from provbook.chapters.comparative.core import IIP, Comparison, ordered_ids, rows_of
from provbook.chapters.comparative.merger import merger, merger_date
from provbook.chapters.comparative.official import distributions
from provbook.chapters.comparative.priorities import coded_ids, matrices, terms
from provbook.chapters.comparative.targets import (
    ambition_text,
    growth_targets,
    horizons,
    targets_intro,
)
from provbook.text import join_names
from provbook.words import say

W = "comparative.synthesis"

# ---------------------------------------------------------------------------------------------
# Synthesis


def synthesis_values(cmp: Comparison, lang: str = "en") -> dict:
    """The synthesis bullets' computed sentences (sections' values are reused)."""
    labelled = matrices(cmp, lang)
    shared = {}
    for dim in ("sector", "instrument"):
        matrix = labelled[dim]
        everywhere = list(matrix.index[matrix.sum(axis=1) == cmp.n])
        counted = (
            say(f"{W}.shared_count.{dim}", lang, count=len(everywhere))
            if everywhere
            else say(f"{W}.shared_none.{dim}", lang)
        )
        shared[dim] = counted + (
            f" ({join_names(terms(everywhere, lang), lang=lang)})" if everywhere else ""
        )
    growth = growth_targets(cmp)
    growth_ids = ordered_ids(growth)
    iip_years = stats.years(cmp.statistics, IIP)
    per_province = labelled["sector"].sum(axis=0)
    per_province = per_province[[cmp.names[p] for p in coded_ids(cmp)]]
    compared = rows_of(cmp, cmp.targets)
    n_dated = int(horizons(cmp).query("kind == 'target year'")["n"].sum())
    merger_table_ = merger(cmp)
    k = int(merger_table_["unit_2025_code"].nunique())
    merged_on = merger_date(merger_table_["Merged on"].iloc[0], lang)
    undated = len(compared) - n_dated
    return {
        "diverge_text": (
            say(
                f"{W}.diverge",
                lang,
                most=per_province.idxmax(),
                sectors=say(f"{W}.sectors", lang, count=int(per_province.max())),
                fewest=per_province.idxmin(),
                k=int(per_province.min()),
            )
            if len(per_province) > 1
            else say(f"{W}.no_diverge", lang)
        ),
        "targets_synthesis_text": (
            targets_intro(len(compared), int((compared["kind"] == "qualitative").sum()), lang)
            + (
                say(f"{W}.all_dated", lang)
                if n_dated == len(compared)
                else say(f"{W}.undated", lang, count=undated)
            )
            if len(compared)
            else say(f"{W}.no_targets", lang)
        ),
        "merger_synthesis_text": (
            say(f"{W}.merger_many", lang, date=merged_on, n=cmp.n, count=k)
            if cmp.n > 1
            else say(f"{W}.merger_one", lang, date=merged_on, name=cmp.names[cmp.ids[0]])
        ),
        "shared_text": say(
            f"{W}.shared_{'many' if cmp.n > 1 else 'one'}",
            lang,
            sectors=shared["sector"],
            instruments=shared["instrument"],
        ),
        "growth_share_text": say(f"{W}.growth_share", lang, count=len(growth_ids), n=cmp.n),
        "synthesis_ambition_text": ambition_text(
            growth,
            distributions(cmp)["iip"],
            cmp.names,
            say(f"{W}.iip_growth", lang, first=iip_years[0], last=iip_years[-1]),
            lang,
        ),
    }
