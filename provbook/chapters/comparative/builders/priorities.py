"""Priorities: the coding matrix of sectors and instruments, its heat map and codebook, and
the heat map's title."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from provbook.chapters.common.text import join_names
from provbook.chapters.comparative.builders.common import (
    ARTICLE_SOURCE,
    province_names,
)
from provbook.draw import charts


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


def codebook_table(codes: pd.DataFrame) -> pd.DataFrame:
    """The codebook as readers see it: dimension, label, Vietnamese term, rule."""
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
