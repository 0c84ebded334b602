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
from provbook.text import join_names, upper_first
from provbook.words import say

#: The codebook's column of each edition's code labels (codes.csv).
LABEL_COLUMN = {"en": "label_en", "vi": "label_vi"}

# ---------------------------------------------------------------------------------------------
# Tables and figures from the data tables (tested on small synthetic tables)


def coding_matrix(
    priorities: pd.DataFrame,
    codes: pd.DataFrame,
    provinces: pd.DataFrame,
    ids: Sequence[str],
    dimension: str,
    lang: str = "en",
) -> pd.DataFrame:
    """Codes of one dimension (sector or instrument) x compared provinces, 1 where coded.

    Only codes given to at least one compared province are kept; rows are ordered by how many
    provinces share the code, then by codebook order. Columns are the provinces' names, rows
    the codes' labels in ``lang`` (:func:`labelled`).
    """
    return labelled(
        code_matrix(priorities, codes, provinces, ids, dimension), codes, provinces, lang
    )


def code_matrix(
    priorities: pd.DataFrame,
    codes: pd.DataFrame,
    provinces: pd.DataFrame,
    ids: Sequence[str],
    dimension: str,
) -> pd.DataFrame:
    """:func:`coding_matrix` in ids (code ids x province ids): no words, computed once."""
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
    matrix = matrix.loc[ranked]
    matrix.index.name = dimension
    matrix.columns.name = "province"
    del names  # checked: every id is a province
    return matrix


def terms(labels, lang: str = "en") -> list[str]:
    """Code labels to list in a sentence: a Vietnamese label holding a comma or a 'và' ('công
    nghiệp điện, công nghiệp năng lượng') goes in quotation marks, so a list stays readable."""
    return [f"“{x}”" if lang == "vi" and ("," in x or " và " in x) else x for x in labels]


def sentence(text: str) -> str:
    """A sentence or title starting with a capital, past an opening quotation mark."""
    if text.startswith("“"):
        return "“" + upper_first(text[1:])
    return upper_first(text)


def labelled(
    matrix: pd.DataFrame, codes: pd.DataFrame, provinces: pd.DataFrame, lang: str = "en"
) -> pd.DataFrame:
    """A code matrix with readers' words: each code's label in ``lang`` (the codebook's
    ``label_en`` or ``label_vi``), each province's Vietnamese name."""
    labels = codes.set_index("code")[LABEL_COLUMN[lang]]
    names = province_names(provinces, list(matrix.columns))
    out = matrix.copy()
    out.index = pd.Index([labels[c] for c in matrix.index], name=matrix.index.name)
    out.columns = pd.Index([names[p] for p in matrix.columns], name="province")
    return out


def heatmap_figure(
    matrix: pd.DataFrame,
    title: str,
    subtitle: str,
    source: str = ARTICLE_SOURCE,
    lang: str = "en",
) -> Figure:
    """Filled cells where a province is coded, the share of provinces on the right."""
    n_rows, n_cols = matrix.shape
    labels = [charts.wrap(upper_first(r), 30) for r in matrix.index]
    # A row holds two lines of its label; longer labels (Vietnamese ones wrap to three) get
    # taller rows, so that no label runs into the next.
    lines = max((label.count("\n") + 1 for label in labels), default=1)
    row = max(0.34, 0.16 * lines)
    fig, ax = charts.new_figure(min(charts.WIDTH, 3.0 + 0.8 * n_cols), 1.9 + row * max(n_rows, 1))
    if n_rows == 0:
        charts.message_axes(ax, say("comparative.priorities.no_code_drawn", lang))
        return charts.finish(fig, title, subtitle, source, lang=lang)
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
    ax.set_yticks(range(n_rows), labels)
    ax.set_xticks(np.arange(-0.5, n_cols, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, n_rows, 1), minor=True)
    ax.grid(False)
    ax.grid(which="minor", color="white", linewidth=2.5)
    ax.tick_params(which="both", length=0)
    ax.spines["bottom"].set_visible(False)
    for i, total in enumerate(matrix.sum(axis=1)):
        ax.annotate(
            say("comparative.priorities.k_of_n", lang, k=total, n=n_cols),
            (n_cols - 0.5, i),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            fontsize=charts.LABEL_SIZE - 0.5,
            color=charts.SUBTLE,
            annotation_clip=False,
        )
    charts.fit_rows(fig, ax)  # rows as tall as their measured labels (stacked accents too)
    return charts.finish(fig, title, subtitle, source, lang=lang)


def codebook_frame(codes: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The codebook as readers see it: dimension, label, its term in the other language, rule
    (the rows; :func:`codebook_table` is the captioned table the chapter shows)."""
    other = "label_vi" if lang == "en" else "label_en"
    table = codes[["dimension", LABEL_COLUMN[lang], other, "rule", "code"]].copy()
    table["dimension"] = [
        say(f"comparative.codebook.dimension_value.{d}", lang) for d in table["dimension"]
    ]
    if lang != "en":
        table[LABEL_COLUMN[lang]] = table[LABEL_COLUMN[lang]].map(upper_first)
        table["rule"] = [say(f"codebook.code_rule.{code}", lang) for code in table["code"]]
    table.columns = [
        say(f"comparative.codebook.{c}", lang) for c in ("dimension", "code", "term", "rule")
    ] + ["code id"]
    return table.sort_values(list(table.columns[:2]), kind="stable").reset_index(drop=True)


#: Up to this many codes tied for the most provinces are named in a title; more are counted.
TIES_NAMED = 4


def matrix_title(matrix: pd.DataFrame, noun: str, lang: str = "en") -> str:
    """The finding of a coding heat map: what all provinces share, how much is unique."""
    n = matrix.shape[1]
    key = "comparative.priorities.title"
    words = {"noun": say(f"{key}.noun.{noun}", lang), "nouns": say(f"{key}.nouns.{noun}", lang)}
    if matrix.empty:
        return say(f"{key}.empty", lang, **words)
    shares = matrix.sum(axis=1)
    everywhere = list(shares[shares == n].index)
    single = int((shares == 1).sum())
    tail = say(f"{key}.single", lang, count=single, total=len(shares), **words)
    if single == 0:
        tail = say(f"{key}.no_single", lang, **words)
    if everywhere and n > 1:
        everywhere_text = join_names(terms(everywhere, lang), lang=lang)
        return sentence(
            say(
                f"{key}.everywhere",
                lang,
                count=len(everywhere),
                codes=everywhere_text,
                n=n,
                tail=tail,
            )
        )
    top = int(shares.max())
    leaders = list(shares[shares == top].index)
    if len(leaders) == 1:
        closest = say(f"{key}.closest_one", lang, code=terms(leaders, lang)[0], top=top, n=n)
    elif len(leaders) <= TIES_NAMED:
        leading = join_names(terms(leaders, lang), lang=lang)
        closest = say(f"{key}.closest_tie", lang, codes=leading, top=top, n=n)
    else:
        closest = say(f"{key}.closest_many", lang, count=len(leaders), top=top, n=n, **words)
    return sentence(say(f"{key}.nowhere", lang, n=n, closest=closest, **words))


# ---------------------------------------------------------------------------------------------
# The section for a Comparison: what the chapter glues, draws and shows


@cached
def code_matrices(cmp: Comparison) -> dict[str, pd.DataFrame]:
    """The sector and instrument coding matrices in ids (no words; computed once)."""
    return {
        dim: code_matrix(cmp.priorities, cmp.codes, cmp.provinces, cmp.ids, dim)
        for dim in ("sector", "instrument")
    }


def matrices(cmp: Comparison, lang: str = "en") -> dict[str, pd.DataFrame]:
    """The sector and instrument coding matrices of the compared provinces, labelled."""
    return {
        dim: labelled(matrix, cmp.codes, cmp.provinces, lang)
        for dim, matrix in code_matrices(cmp).items()
    }


def coded_ids(cmp: Comparison) -> list[str]:
    """Compared provinces with at least one coded priority (in the compared order)."""
    coded = set(rows_of(cmp, cmp.priorities)["province_id"])
    return [pid for pid in cmp.ids if pid in coded]


def _priority_sources(cmp: Comparison) -> list[str]:
    return list(dict.fromkeys(rows_of(cmp, cmp.priorities)["source_id"]))


def priorities_values(cmp: Comparison, lang: str = "en") -> dict:
    """Shared, most frequent, widest and narrowest codes, for sectors and instruments.

    Widest and narrowest are among the provinces with coded sources: a province without any
    coding is named once (``uncoded_text``), not as the one with the shortest list."""
    coded = coded_ids(cmp)
    names = cmp.names
    uncoded = [names[p] for p in cmp.ids if p not in coded]
    key = "comparative.priorities"
    none = say(f"{key}.none", lang)
    values: dict = {
        "n_coded_provinces": len(coded),
        "uncoded_text": (
            say(f"{key}.uncoded", lang, count=len(uncoded), names=join_names(uncoded, lang=lang))
            if uncoded
            else say(f"{key}.all_coded", lang)
        ),
        "priorities_sources": sources_line(cmp, _priority_sources(cmp), lang),
    }
    labelled_matrices = matrices(cmp, lang)
    for dim, noun in (("sector", "sectors"), ("instrument", "instruments")):
        matrix = labelled_matrices[dim]
        shares = matrix.sum(axis=1)
        per_province = matrix.sum(axis=0)[[names[p] for p in coded]] if coded else pd.Series()
        top = int(shares.max()) if len(shares) else 0
        everywhere = list(shares[shares == cmp.n].index)
        widest = int(per_province.max()) if len(per_province) else 0
        narrowest = int(per_province.min()) if len(per_province) else 0
        values[f"{dim}_summary_text"] = _priorities_sentence(
            cmp, dim, shares, per_province, everywhere, lang
        )
        values.update(
            {
                f"n_{dim}_codes": int((cmp.codes["dimension"] == dim).sum()),
                f"n_{noun}_coded": len(matrix),
                f"top_{dim}s": join_names(
                    terms(shares[shares == top].index, lang), empty=none, lang=lang
                ),
                f"top_{dim}_n": top,
                f"n_{noun}_all": len(everywhere),
                f"{noun}_all": join_names(terms(everywhere, lang), empty=none, lang=lang),
                f"widest_{dim}_province": join_names(
                    list(per_province[per_province == widest].index), empty=none, lang=lang
                ),
                f"widest_{dim}_n": widest,
                f"narrowest_{dim}_province": join_names(
                    list(per_province[per_province == narrowest].index), empty=none, lang=lang
                ),
                f"narrowest_{dim}_n": narrowest,
            }
        )
    return values


def _priorities_sentence(cmp, dim, shares, per_province, everywhere, lang="en") -> str:
    """What the coding shows for one dimension, in words that fit any number of provinces."""
    key = "comparative.priorities.summary"
    if not len(shares):
        return say(f"{key}.nothing_{'many' if cmp.n > 1 else 'one'}.{dim}", lang)
    parts = [say(f"{key}.used.{dim}", lang, k=len(shares))]
    if cmp.n > 1:
        top = int(shares.max())
        parts.append(
            say(
                f"{key}.most",
                lang,
                codes=join_names(terms(shares[shares == top].index, lang), lang=lang),
                top=top,
                n=cmp.n,
                everywhere=join_names(
                    terms(everywhere, lang), empty=say(f"{key}.none", lang), lang=lang
                ),
            )
        )
    if len(per_province) > 1:
        widest, narrowest = int(per_province.max()), int(per_province.min())
        most = list(per_province[per_province == widest].index)
        fewest = join_names(list(per_province[per_province == narrowest].index), lang=lang)
        parts.append(
            say(f"{key}.same", lang, k=widest)
            if widest == narrowest
            else say(
                f"{key}.spread",
                lang,
                count=len(most),
                most=join_names(most, lang=lang),
                widest=widest,
                fewest=fewest,
                narrowest=narrowest,
            )
        )
    elif len(per_province) == 1:
        parts.append(say(f"{key}.all_for", lang, name=per_province.index[0]))
    return "; ".join(parts)


def _priorities_figure(cmp: Comparison, dim: str, lang: str = "en") -> Figure:
    matrix = matrices(cmp, lang)[dim]
    key = "comparative.priorities"
    return heatmap_figure(
        matrix,
        matrix_title(matrix, dim, lang),
        say(f"{key}.subtitle.{dim}", lang),
        say(f"{key}.source", lang, line=sources_line(cmp, _priority_sources(cmp), lang)),
        lang,
    )


def sectors_figure(cmp: Comparison, lang: str = "en") -> Figure:
    return _priorities_figure(cmp, "sector", lang)


def instruments_figure(cmp: Comparison, lang: str = "en") -> Figure:
    return _priorities_figure(cmp, "instrument", lang)


def codebook_table(cmp: Comparison, lang: str = "en") -> ShownTable:
    """The codebook the chapter shows (:func:`codebook_frame`), its CSV keeping the code ids."""
    table = codebook_frame(cmp.codes, lang)
    return ShownTable(
        table.drop(columns="code id"),
        say("comparative.codebook.caption", lang),
        "codebook.csv",
        csv=table,
        lang=lang,
    )
