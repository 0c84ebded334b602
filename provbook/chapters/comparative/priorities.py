"""Priority sectors and policy instruments: the coding matrices, their heat maps and titles,
the codebook, and the section's sentences.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from provbook.chapters.common.cache import cached
from provbook.chapters.comparative.core import (
    ARTICLE_SOURCE,
    Comparison,
    ShownTable,
    province_names,
    rows_of,
    sources_line,
)
from provbook.draw import charts
from provbook.text import join_names

# ---------------------------------------------------------------------------------------------
# Tables and figures from the data tables (tested on small synthetic tables)


def coding_matrix(
    priorities: pd.DataFrame,
    codes: pd.DataFrame,
    provinces: pd.DataFrame,
    ids: Sequence[str],
    dimension: str,
) -> pd.DataFrame:
    """Codes of one dimension (sector or instrument) x compared provinces, 1 where coded.

    Only codes given to at least one compared province are kept; rows are ordered by how many
    provinces share the code, then by codebook order. Columns are the provinces' names.
    """
    if dimension not in set(codes["dimension"]):
        known = ", ".join(sorted(set(codes["dimension"])))
        raise ValueError(f"no code has dimension {dimension!r}; the codebook has {known}")
    names = province_names(provinces, ids)
    book = codes[codes["dimension"] == dimension]
    order = list(book["code"])
    coded = priorities[priorities["province_id"].isin(ids) & priorities["code"].isin(order)]
    matrix = pd.DataFrame(0, index=order, columns=list(ids), dtype="int64")
    for row in coded.itertuples(index=False):
        matrix.loc[row.code, row.province_id] = 1
    matrix = matrix[matrix.sum(axis=1) > 0]
    ranked = sorted(matrix.index, key=lambda c: (-int(matrix.loc[c].sum()), order.index(c)))
    labels = book.set_index("code")["label_en"]
    matrix = matrix.loc[ranked]
    matrix.index = pd.Index([labels[c] for c in ranked], name=dimension)
    matrix.columns = pd.Index([names[p] for p in ids], name="province")
    return matrix


def heatmap_figure(
    matrix: pd.DataFrame, title: str, subtitle: str, source: str = ARTICLE_SOURCE
) -> Figure:
    """Filled cells where a province is coded, the share of provinces on the right."""
    n_rows, n_cols = matrix.shape
    fig, ax = charts.new_figure(min(charts.WIDTH, 3.0 + 0.8 * n_cols), 1.9 + 0.34 * max(n_rows, 1))
    if n_rows == 0:
        charts.message_axes(ax, "No code of this dimension for the compared provinces")
        return charts.finish(fig, title, subtitle, source)
    cmap = ListedColormap(["#F1F1F1", charts.NATIONAL])
    ax.imshow(matrix.to_numpy(dtype=float), cmap=cmap, vmin=0, vmax=1, aspect="auto")
    # Five or more names side by side overlap: they are then slanted, on one line each.
    slanted = n_cols >= 5
    ax.set_xticks(range(n_cols), [c if slanted else charts.wrap(c, 12) for c in matrix.columns])
    ax.xaxis.tick_top()
    if slanted:
        ax.tick_params(axis="x", labelrotation=40)
        for label in ax.get_xticklabels():
            label.set_horizontalalignment("left")
            label.set_rotation_mode("anchor")
    ax.set_yticks(range(n_rows), [charts.wrap(r, 30) for r in matrix.index])
    ax.set_xticks(np.arange(-0.5, n_cols, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, n_rows, 1), minor=True)
    ax.grid(False)
    ax.grid(which="minor", color="white", linewidth=2.5)
    ax.tick_params(which="both", length=0)
    ax.spines["bottom"].set_visible(False)
    for i, total in enumerate(matrix.sum(axis=1)):
        ax.annotate(
            f"{total} of {n_cols}",
            (n_cols - 0.5, i),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            fontsize=charts.LABEL_SIZE - 0.5,
            color=charts.SUBTLE,
            annotation_clip=False,
        )
    return charts.finish(fig, title, subtitle, source)


def codebook_frame(codes: pd.DataFrame) -> pd.DataFrame:
    """The codebook as readers see it: dimension, label, Vietnamese term, rule (the rows;
    :func:`codebook_table` is the captioned table the chapter shows)."""
    table = codes[["dimension", "label_en", "label_vi", "rule", "code"]].copy()
    table.columns = ["Dimension", "Code", "Vietnamese term", "Rule", "code id"]
    return table.sort_values(["Dimension", "Code"], kind="stable").reset_index(drop=True)


#: Up to this many codes tied for the most provinces are named in a title; more are counted.
TIES_NAMED = 4


def matrix_title(matrix: pd.DataFrame, noun: str) -> str:
    """The finding of a coding heat map: what all provinces share, how much is unique."""
    n = matrix.shape[1]
    if matrix.empty:
        return f"No {noun} is coded for the compared provinces"
    shares = matrix.sum(axis=1)
    everywhere = list(shares[shares == n].index)
    single = int((shares == 1).sum())
    if single == 0:
        tail = f"no {noun} is coded for one province only"
    elif single == 1:
        tail = f"one of the {len(shares)} {noun}s is coded for one province only"
    else:
        tail = f"{single} of the {len(shares)} {noun}s are coded for one province only"
    if everywhere and n > 1:
        verb = "is" if len(everywhere) == 1 else "are"
        return f"{join_names(everywhere)} {verb} named for all {n} provinces; {tail}"
    top = int(shares.max())
    leaders = list(shares[shares == top].index)
    if len(leaders) == 1:
        closest = f"{leaders[0]} comes closest ({top} of {n})"
    elif len(leaders) <= TIES_NAMED:
        closest = f"{join_names(leaders)} tie for closest ({top} of {n} each)"
    else:
        closest = f"{len(leaders)} {noun}s tie for closest ({top} of {n} each)"
    return f"No {noun} is named for all {n} provinces; {closest}"


# ---------------------------------------------------------------------------------------------
# The section for a Comparison: what the chapter glues, draws and shows


@cached
def matrices(cmp: Comparison) -> dict[str, pd.DataFrame]:
    """The sector and instrument coding matrices of the compared provinces."""
    return {
        dim: coding_matrix(cmp.priorities, cmp.codes, cmp.provinces, cmp.ids, dim)
        for dim in ("sector", "instrument")
    }


def coded_ids(cmp: Comparison) -> list[str]:
    """Compared provinces with at least one coded priority (in the compared order)."""
    coded = set(rows_of(cmp, cmp.priorities)["province_id"])
    return [pid for pid in cmp.ids if pid in coded]


def _priority_sources(cmp: Comparison) -> list[str]:
    return list(dict.fromkeys(rows_of(cmp, cmp.priorities)["source_id"]))


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
    return heatmap_figure(
        matrix,
        matrix_title(matrix, dim),
        f"{what} coded in each province's sources; right: number of provinces",
        sources_line(cmp, _priority_sources(cmp)) + " Coding by the authors.",
    )


def sectors_figure(cmp: Comparison) -> Figure:
    return _priorities_figure(cmp, "sector", "Priority sectors")


def instruments_figure(cmp: Comparison) -> Figure:
    return _priorities_figure(cmp, "instrument", "Policy instruments")


def codebook_table(cmp: Comparison) -> ShownTable:
    """The codebook the chapter shows (:func:`codebook_frame`), its CSV keeping the code ids."""
    table = codebook_frame(cmp.codes)
    return ShownTable(
        table.drop(columns="code id"),
        "Codebook of priority sectors and policy instruments",
        "codebook.csv",
        csv=table,
    )
