"""Priority sectors and policy instruments: the coding matrices, their heat maps, the codebook."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from provbook.chapters.common.text import join_names
from provbook.chapters.comparative import builders as compare
from provbook.chapters.comparative.core import (
    Comparison,
    ShownTable,
    _cached,
    _rows_of,
    sources_line,
)

# ---------------------------------------------------------------------------------------------
# Priorities


@_cached
def matrices(cmp: Comparison) -> dict[str, pd.DataFrame]:
    """The sector and instrument coding matrices of the compared provinces."""
    return {
        dim: compare.coding_matrix(cmp.priorities, cmp.codes, cmp.provinces, cmp.ids, dim)
        for dim in ("sector", "instrument")
    }


def coded_ids(cmp: Comparison) -> list[str]:
    """Compared provinces with at least one coded priority (in the compared order)."""
    coded = set(_rows_of(cmp, cmp.priorities)["province_id"])
    return [pid for pid in cmp.ids if pid in coded]


def _priority_sources(cmp: Comparison) -> list[str]:
    return list(dict.fromkeys(_rows_of(cmp, cmp.priorities)["source_id"]))


def priorities_values(cmp: Comparison) -> dict:
    """Shared, most frequent, widest and narrowest codes, for sectors and instruments.

    Widest and narrowest are among the provinces with coded sources: a province without any
    coding is named once (``uncoded_text``), not as the one with the shortest list."""
    coded = coded_ids(cmp)
    names = cmp.names
    uncoded = [names[p] for p in cmp.ids if p not in coded]
    values: dict = {
        "n_coded_provinces": len(coded),
        "uncoded_text": (
            f"{join_names(uncoded)} {'has' if len(uncoded) == 1 else 'have'} no coded source, "
            "so every cell of "
            f"{'its column' if len(uncoded) == 1 else 'their columns'} is empty"
            if uncoded
            else "Every compared province has coded sources"
        ),
        "priorities_sources": sources_line(cmp, _priority_sources(cmp)),
    }
    for dim, noun in (("sector", "sectors"), ("instrument", "instruments")):
        matrix = matrices(cmp)[dim]
        shares = matrix.sum(axis=1)
        per_province = matrix.sum(axis=0)[[names[p] for p in coded]] if coded else pd.Series()
        top = int(shares.max()) if len(shares) else 0
        everywhere = list(shares[shares == cmp.n].index)
        widest = int(per_province.max()) if len(per_province) else 0
        narrowest = int(per_province.min()) if len(per_province) else 0
        values[f"{dim}_summary_text"] = _priorities_sentence(
            cmp, dim, noun, shares, per_province, everywhere
        )
        values.update(
            {
                f"n_{dim}_codes": int((cmp.codes["dimension"] == dim).sum()),
                f"n_{noun}_coded": len(matrix),
                f"top_{dim}s": join_names(list(shares[shares == top].index), empty="none"),
                f"top_{dim}_n": top,
                f"n_{noun}_all": len(everywhere),
                f"{noun}_all": join_names(everywhere, empty="none"),
                f"widest_{dim}_province": join_names(
                    list(per_province[per_province == widest].index), empty="none"
                ),
                f"widest_{dim}_n": widest,
                f"narrowest_{dim}_province": join_names(
                    list(per_province[per_province == narrowest].index), empty="none"
                ),
                f"narrowest_{dim}_n": narrowest,
            }
        )
    return values


def _priorities_sentence(cmp, dim, noun, shares, per_province, everywhere) -> str:
    """What the coding shows for one dimension, in words that fit any number of provinces."""
    if not len(shares):
        return f"No {dim} is coded for the compared {'provinces' if cmp.n > 1 else 'province'}"
    parts = [f"The sources use {len(shares)} of the {noun}"]
    if cmp.n > 1:
        top = int(shares.max())
        parts.append(
            f"coded most often: {join_names(list(shares[shares == top].index))}, for {top} of "
            f"the {cmp.n} provinces; coded for every compared province: "
            f"{join_names(everywhere, empty='none')}"
        )
    if len(per_province) > 1:
        widest, narrowest = int(per_province.max()), int(per_province.min())
        most = join_names(list(per_province[per_province == widest].index))
        fewest = join_names(list(per_province[per_province == narrowest].index))
        parts.append(
            f"each province's sources name {widest}"
            if widest == narrowest
            else f"{most} {'names' if ' and ' not in most else 'name'} the most "
            f"({widest}), {fewest} the fewest ({narrowest})"
        )
    elif len(per_province) == 1:
        parts.append(f"all of them for {per_province.index[0]}")
    return "; ".join(parts)


def _priorities_figure(cmp: Comparison, dim: str, what: str) -> Figure:
    matrix = matrices(cmp)[dim]
    return compare.heatmap_figure(
        matrix,
        compare.matrix_title(matrix, dim),
        f"{what} coded in each province's sources; right: number of provinces",
        sources_line(cmp, _priority_sources(cmp)) + " Coding by the authors.",
    )


def sectors_figure(cmp: Comparison) -> Figure:
    return _priorities_figure(cmp, "sector", "Priority sectors")


def instruments_figure(cmp: Comparison) -> Figure:
    return _priorities_figure(cmp, "instrument", "Policy instruments")


def codebook_table(cmp: Comparison) -> ShownTable:
    table = compare.codebook_table(cmp.codes)
    return ShownTable(
        table.drop(columns="code id"),
        "Codebook of priority sectors and policy instruments",
        "codebook.csv",
        csv=table,
    )
