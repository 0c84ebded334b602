"""The comparison across the 34 provinces formed on 2025-07-01: their rank on the statistics
office's own figures (GRDP per capita, real growth, share of industry and construction, newest
year of each) and a map shaded by one of them, with the new homes of the article provinces
highlighted. Only published figures are ranked: nothing is computed from old provinces here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.cm import ScalarMappable
from matplotlib.colors import ListedColormap, Normalize
from matplotlib.figure import Figure

from provbook.analysis import stats
from provbook.datapackage import data
from provbook.draw import charts, maps
from provbook.text import join_names
from provbook.words import say

W = "comparative.units"

#: Ranked indicators of statistics_2025.csv, in the order of the table.
RANKED = ("grdp_per_capita", "grdp_real_growth", "grdp_share_industry_construction")
#: The indicator the map is shaded by.
SHADED = "grdp_per_capita"
OFFICE_SOURCE = "nso_units_2025"
BOUNDARY_SOURCE = "odv_boundaries"
STATUS_WORDS = {"official": "official", "preliminary": "preliminary", "estimate": "estimate"}


@dataclass
class Units2025:
    """The 34 new provinces, the office's figures, and which ones hold an article province."""

    units: pd.DataFrame
    statistics: pd.DataFrame
    indicators: pd.DataFrame
    provinces: pd.DataFrame
    homes: list[str]
    data_dir: object = None
    sources: pd.DataFrame | None = None

    @property
    def names(self) -> dict[str, str]:
        return dict(zip(self.units["unit_2025_id"], self.units["name_vi"], strict=True))


#: Views loaded in this process, by old ids and data files (see :func:`load`).
_LOADED: dict = {}


def load(provinces: list[str], data_dir=None) -> Units2025:
    """The new provinces with the new homes of ``provinces`` (old ids, e.g. the compared ones);
    kept for the same ids and data files, so the chapter in a second language reuses it."""
    from provbook.chapters.comparative.core import data_files_key

    key = (tuple(provinces), data_files_key(data_dir))
    if key not in _LOADED:
        _LOADED[key] = _load(list(provinces), data_dir)
    return _LOADED[key]


def _load(provinces: list[str], data_dir=None) -> Units2025:
    units = data.units_2025(data_dir)
    old = data.provinces(data_dir)
    codes = old.set_index("province_id")["unit_2025_code"]
    unknown = [p for p in provinces if p not in codes.index]
    if unknown:
        raise ValueError(f"unknown province id(s) before 2025: {', '.join(unknown)}")
    home_codes = {int(codes[p]) for p in provinces}
    homes = sorted(units.loc[units["unit_2025_code"].astype(int).isin(home_codes), "unit_2025_id"])
    return Units2025(
        units=units,
        statistics=data.statistics_2025(data_dir),
        indicators=data.indicators(data_dir),
        provinces=old,
        homes=homes,
        data_dir=data_dir,
        sources=data.sources(data_dir),
    )


def newest_year(view: Units2025, indicator: str) -> int:
    """The newest year the office published the indicator for."""
    rows = view.statistics[view.statistics["indicator"] == indicator]
    return int(rows["year"].max())


def _values(view: Units2025, indicator: str, year: int) -> pd.DataFrame:
    rows = view.statistics[
        (view.statistics["indicator"] == indicator) & (view.statistics["year"].astype(int) == year)
    ]
    return rows.set_index("unit_2025_id")[["value", "status"]]


def ranking(view: Units2025) -> pd.DataFrame:
    """One row per new province: value and rank (1 = highest) of each ranked indicator in its
    newest year; a province without a published figure has no value and no rank."""
    frame = view.units[["unit_2025_id", "name_vi"]].set_index("unit_2025_id")
    for indicator in RANKED:
        year = newest_year(view, indicator)
        values = _values(view, indicator, year)["value"]
        frame[indicator] = values.reindex(frame.index)
        frame[f"{indicator}_rank"] = frame[indicator].rank(ascending=False, method="min")
    frame["home"] = frame.index.isin(view.homes)
    return frame.sort_values(f"{RANKED[0]}_rank").reset_index()


def label_and_unit(view: Units2025, indicator: str, lang: str = "en") -> tuple[str, str]:
    """An indicator's label and unit: indicators.csv's in English, the codebook's words in
    another language."""
    if lang == "en":
        row = view.indicators.set_index("indicator").loc[indicator]
        return str(row["label"]), str(row["unit"])
    return say(f"codebook.indicator.{indicator}", lang), say(f"codebook.unit.{indicator}", lang)


def lower_label(label: str, lang: str = "en") -> str:
    """A label inside a sentence: lower case in English, only its first letter in Vietnamese
    (which keeps 'GRDP')."""
    if lang == "en":
        return label.lower()
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def ranking_table(view: Units2025, lang: str = "en") -> pd.DataFrame:
    """The ranking as readers see it: names, figures with their year and unit, ranks."""
    ranked = ranking(view)
    table = pd.DataFrame({say(f"{W}.table.province", lang): ranked["name_vi"]})
    for indicator in RANKED:
        label, unit = label_and_unit(view, indicator, lang)
        year = newest_year(view, indicator)
        status = _values(view, indicator, year)["status"].iloc[0]
        status = say(f"{W}.status.{status}", lang) if status in STATUS_WORDS else ""
        column = say(f"{W}.table.figure", lang, label=label, year=year, status=status, unit=unit)
        table[column] = ranked[indicator].round(2)
        rank = say(f"{W}.table.rank", lang, label=lower_label(label, lang))
        table[rank] = ranked[f"{indicator}_rank"].astype("Int64")
    home = say(f"{W}.table.home", lang)
    table[home] = ranked["home"].map({True: say(f"{W}.table.yes", lang), False: ""})
    return table


def ranking_values(view: Units2025, lang: str = "en") -> dict:
    """Glued values: years, counts, the top province and the article provinces' new homes."""
    from provbook.chapters.comparative.core import ordinal

    ranked = ranking(view).set_index("unit_2025_id")
    grdp_year = newest_year(view, "grdp_per_capita")
    share = "grdp_share_industry_construction"
    top = ranked["grdp_per_capita"].idxmax()
    homes = [
        f"{view.names[u]} ({ordinal(int(ranked.loc[u, 'grdp_per_capita_rank']), lang)})"
        for u in ranked.sort_values("grdp_per_capita_rank").index
        if u in view.homes
    ]
    missing_share = int(ranked[share].isna().sum())
    top_grdp = float(ranked.loc[top, "grdp_per_capita"])
    return {
        "units_count": len(ranked),
        "units_grdp_year": grdp_year,
        "units_growth_year": newest_year(view, "grdp_real_growth"),
        "units_share_year": newest_year(view, share),
        "units_top_name": view.names[top],
        "units_top_grdp": top_grdp,
        "units_top_grdp_text": words_number(top_grdp, say(f"{W}.million_vnd", lang), lang),
        "units_homes_text": join_names(homes, lang=lang),
        "units_homes_count": say(f"{W}.provinces", lang, count=len(homes)),
        "units_share_missing_text": (
            say(f"{W}.share_all", lang)
            if missing_share == 0
            else say(
                f"{W}.share_missing",
                lang,
                count=missing_share,
                provinces=say(f"{W}.provinces", lang, count=missing_share),
            )
        ),
    }


def words_number(value: float, unit: str, lang: str) -> str:
    """'136.1 million VND' as the English markdown writes it (one decimal, kept), in ``lang``."""
    from babel.numbers import format_decimal

    return f"{format_decimal(round(value, 1), format='#,##0.0', locale=lang)} {unit}"


def figure_sources(view: Units2025, indicator: str = SHADED) -> dict[str, list[str]]:
    """Source ids of the rows each figure draws: the indicator's rows of its newest year (each
    row's own source), and for the map the boundaries it draws too. Captions cite these."""
    year = newest_year(view, indicator)
    rows = list(dict.fromkeys(stats.row_sources(view.statistics, [indicator], [year])))
    return {"map": [*rows, BOUNDARY_SOURCE], "rank": rows}


def sources_line(view: Units2025, ids, lang: str = "en") -> str:
    """The source line under a chart, labelled as the comparative chapter names sources."""
    from provbook.chapters.comparative.core import label_of, line_of

    sources = view.sources if view.sources is not None else data.sources(view.data_dir)
    labels = "; ".join(dict.fromkeys(label_of(sources, view.provinces, s, lang) for s in ids))
    return f"{line_of(labels, lang)} {say(f'{W}.chart_credit', lang)}"


def shaded_map(view: Units2025, indicator: str = SHADED, lang: str = "en") -> Figure:
    """The 34 new provinces shaded by an office figure; the article provinces' new homes outlined
    and numbered in a key (few, legible labels); the archipelagos named."""
    year = newest_year(view, indicator)
    values = _values(view, indicator, year)["value"]
    geometries = maps.features_by(data.boundaries("units_34", view.data_dir), "unit_2025_code")
    code_of = dict(zip(view.units["unit_2025_id"], view.units["unit_2025_code"], strict=True))
    row = view.indicators.set_index("indicator").loc[indicator]
    norm = Normalize(vmin=float(values.min()), vmax=float(values.max()))
    # Blues without its near-white end: the lowest value stays visible on a white page, and
    # the colour bar shows exactly the colours drawn.
    cmap = ListedColormap(colormaps["Blues"](np.linspace(0.15, 1.0, 256)))
    fig, ax = charts.new_figure(charts.WIDTH * 0.8, 6.0)
    for unit, code in code_of.items():
        value = values.get(unit, math.nan)
        color = "#EEEEEE" if math.isnan(value) else cmap(norm(value))
        maps.draw(ax, [geometries[str(int(code))]], facecolor=color, edgecolor="white")
    homes = [geometries[str(int(code_of[u]))] for u in view.homes]
    maps.draw(ax, homes, facecolor="none", edgecolor=charts.HIGHLIGHT, linewidth=1.8, zorder=5)
    maps.frame(ax, maps.bounds(geometries.values()))
    codes = dict(zip(view.provinces["province_id"], view.provinces["unit_2025_code"], strict=True))
    for pid, label in maps.ARCHIPELAGOS.items():
        maps.mark_offshore(
            ax,
            geometries[str(int(codes[pid]))],
            label,
            fontsize=charts.MIN_TEXT_SIZE,
            color=charts.SUBTLE,
            lift=3,
        )
    bar = fig.colorbar(
        ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.5, location="left", pad=0.02
    )
    label, unit = label_and_unit(view, indicator, lang)
    del row
    bar.set_label(f"{label}, {unit}", fontsize=charts.LABEL_SIZE)
    bar.ax.tick_params(labelsize=charts.MIN_TEXT_SIZE)
    if lang != "en":  # the colour bar's numbers with the edition's decimal signs
        bar.ax.yaxis.set_major_formatter(lambda v, _: format_number(v, lang))
    ranked = ranking(view).set_index("unit_2025_id")
    top = ranked[indicator].idxmax()
    fields = {"label": label, "lower": lower_label(label, lang), "year": year, "n": len(ranked)}
    return charts.finish(
        fig,
        say(f"{W}.map.title", lang, name=view.names[top], **fields),
        say(f"{W}.map.subtitle", lang, **fields),
        sources_line(view, figure_sources(view, indicator)["map"], lang),
        alt=say(
            f"{W}.map.alt",
            lang,
            homes=join_names([view.names[u] for u in view.homes], lang=lang),
            **fields,
        ),
    )


def format_number(value: float, lang: str) -> str:
    """A tick's number in the edition's signs ('1.227,6')."""
    from provbook import text

    return text.number(value, 1, lang=lang)


def rank_figure(view: Units2025, indicator: str = SHADED, lang: str = "en") -> Figure:
    """Bars of the 34 new provinces on one office figure, the article provinces' homes in
    colour: the ranking the map shades."""
    year = newest_year(view, indicator)
    ranked = ranking(view).dropna(subset=[indicator]).sort_values(indicator)
    row = view.indicators.set_index("indicator").loc[indicator]
    fig, ax = charts.new_figure(charts.WIDTH, 0.2 * len(ranked) + 1.6)
    colors = [charts.HIGHLIGHT if home else charts.OTHERS for home in ranked["home"]]
    ax.barh(ranked["name_vi"], ranked[indicator], color=colors, height=0.7)
    ax.tick_params(axis="y", labelsize=charts.MIN_TEXT_SIZE)
    from provbook.chapters.comparative.core import ordinal

    label, unit = label_and_unit(view, indicator, lang)
    del row
    ax.set_xlabel(f"{label}, {unit} ({year})")
    if lang != "en":
        ax.xaxis.set_major_formatter(lambda v, _: format_number(v, lang))
    homes = ranked[ranked["home"]]
    fields = {"label": label, "lower": lower_label(label, lang), "year": year, "n": len(ranked)}
    return charts.finish(
        fig,
        say(
            f"{W}.rank.title",
            lang,
            low=ordinal(int(homes[f"{indicator}_rank"].min()), lang),
            high=ordinal(int(homes[f"{indicator}_rank"].max()), lang),
            **fields,
        ),
        say(f"{W}.rank.subtitle", lang, **fields),
        sources_line(view, figure_sources(view, indicator)["rank"], lang),
        alt=say(f"{W}.rank.alt", lang, **fields),
        lang=lang,
    )


def shown_ranking(view: Units2025, lang: str = "en"):
    """The ranking with its CSV download, as the comparison shows it."""
    from provbook.chapters.province.tables import DownloadableTable

    table = ranking_table(view, lang)
    table[say(f"{W}.table.source", lang)] = say(f"{W}.table.office", lang)
    shown = DownloadableTable(
        table, "comparative-provinces-since-2025.csv", say(f"{W}.table.caption", lang)
    )
    return shown if lang == "en" else InLanguage(shown, lang)


class InLanguage:
    """The province chapter's DownloadableTable in another language: its numbers with the
    edition's signs and its download line in the edition's words (the table class itself
    speaks English)."""

    def __init__(self, table, lang: str):
        self.table, self.lang = table, lang

    def _repr_html_(self) -> str:
        from provbook import text

        table = self.table
        table._cell = lambda v, cell=table._cell: (
            text.number(float(v), 2, lang=self.lang)
            if isinstance(v, float | np.floating) and not math.isnan(v)
            else cell(v)
        )
        page = table._repr_html_()
        columns = table.on_page()
        rows = say(f"{W}.table.rows", self.lang, count=len(table.frame))
        if len(columns) < len(table.frame.columns):
            rows = say(f"{W}.table.rows_all", self.lang, rows=rows, k=len(table.frame.columns))
        english_rows = page[page.index(f"({table.filename}, ") :].split(")</p>")[0]
        page = page.replace("Download this table as CSV", say(f"{W}.table.download", self.lang))
        return page.replace(english_rows, f"({table.filename}, {rows}")

    def __repr__(self) -> str:
        return repr(self.table)
