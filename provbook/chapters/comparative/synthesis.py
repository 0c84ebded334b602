"""The synthesis's computed sentences, reusing the sections' tables."""

from __future__ import annotations

from provbook.analysis import stats
from provbook.chapters.comparative.core import IIP, Comparison, ordered_ids, rows_of
from provbook.chapters.comparative.merger import merger
from provbook.chapters.comparative.official import distributions
from provbook.chapters.comparative.priorities import coded_ids, matrices
from provbook.chapters.comparative.targets import (
    ambition_text,
    growth_targets,
    horizons,
    targets_intro,
)
from provbook.text import counted, join_names, plural

# ---------------------------------------------------------------------------------------------
# Synthesis


def synthesis_values(cmp: Comparison) -> dict:
    """The synthesis bullets' computed sentences (sections' values are reused)."""
    shared = {}
    for dim in ("sector", "instrument"):
        matrix = matrices(cmp)[dim]
        everywhere = list(matrix.index[matrix.sum(axis=1) == cmp.n])
        shared[dim] = counted(len(everywhere), dim) + (
            f" ({join_names(everywhere)})" if everywhere else ""
        )
    growth = growth_targets(cmp)
    growth_ids = ordered_ids(growth)
    iip_years = stats.years(cmp.statistics, IIP)
    per_province = matrices(cmp)["sector"].sum(axis=0)
    per_province = per_province[[cmp.names[p] for p in coded_ids(cmp)]]
    compared = rows_of(cmp, cmp.targets)
    n_dated = int(horizons(cmp).query("kind == 'target year'")["n"].sum())
    merger_table_ = merger(cmp)
    k = int(merger_table_["unit_2025_code"].nunique())
    return {
        "diverge_text": (
            f"{per_province.idxmax()} names {plural(int(per_province.max()), 'sector')}, "
            f"{per_province.idxmin()} {int(per_province.min())}"
            if len(per_province) > 1
            else "only one province's sources are coded, so nothing diverges"
        ),
        "targets_synthesis_text": (
            targets_intro(len(compared), int((compared["kind"] == "qualitative").sum()))
            + (
                "; all of them carry a year"
                if n_dated == len(compared)
                else f"; {len(compared) - n_dated} "
                f"{'carries' if len(compared) - n_dated == 1 else 'carry'} no year"
            )
            if len(compared)
            else "No target is stated at all"
        ),
        "merger_synthesis_text": (
            f"Since {merger_table_['Merged on'].iloc[0]} the {cmp.n} provinces are parts of "
            f"{plural(k, 'larger unit')}, so their plans are now inputs to the new units' "
            "planning rather than plans of their own"
            if cmp.n > 1
            else f"Since {merger_table_['Merged on'].iloc[0]} {cmp.names[cmp.ids[0]]} is part "
            "of a larger unit, so its plans are now inputs to the new unit's planning rather "
            "than plans of its own"
        ),
        "shared_text": f"{shared['sector']} and {shared['instrument']} "
        + ("are coded for every compared province" if cmp.n > 1 else "are coded"),
        "growth_share_text": (
            f"{len(growth_ids)} of the {cmp.n} compared provinces "
            f"{'has' if len(growth_ids) == 1 else 'have'} a numeric growth target in "
            "their sources"
        ),
        "synthesis_ambition_text": ambition_text(
            growth,
            distributions(cmp)["iip"],
            cmp.names,
            f"average growth of industrial production {iip_years[0]}–{iip_years[-1]}",
        ),
    }
