"""What every section of the comparative chapter shares: the data loaded once for the compared
provinces (:class:`Comparison`), province names and colours, readable source labels and source
lines, the HTML tables with a CSV download (:class:`ShownTable`), and the sentences and row
selections several sections use. Gluing is :mod:`provbook.chapters.common.glue`'s."""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from provbook.datapackage import data
from provbook.draw import charts
from provbook.text import join_names
from provbook.words import say, say_or

#: Fact tables whose rows carry the source they were taken from.
FACT_TABLES = ("documents", "targets", "parks", "priorities", "projects", "results")
#: Nouns for the kinds of sources.csv, for prose ("one news article", "2 sources").
SOURCE_NOUNS = {"article": ("news article", "news articles")}
IIP, FDI, GRDP_PC, PCI = "iip_index", "fdi_stock_capital", "grdp_per_capita", "pci_weighted"
AREA, POPULATION = "area", "population"
#: Units as the prose speaks them (indicators.csv keeps the formal unit).
SPOKEN_UNITS = {"iip": "% a year", "fdi": "USD million", "grdp": "million VND", "pci": "points"}
BOUNDARIES_OLD, BOUNDARIES_NEW = "provinces_63", "units_34"
BOUNDARY_SOURCE, MERGER_SOURCE = "odv_boundaries", "merger_2025"
ARTICLE_SOURCE = "Source: provincial news articles; facts extracted and coded by the authors."
MEDIAN_LABEL = "Median, all provinces"


# ---------------------------------------------------------------------------------------------
# Loading


@dataclass
class Comparison:
    """Every table the chapter needs, loaded once; ``ids`` are the compared provinces in order."""

    ids: list[str]
    provinces: pd.DataFrame
    units: pd.DataFrame
    codes: pd.DataFrame
    priorities: pd.DataFrame
    targets: pd.DataFrame
    documents: pd.DataFrame
    parks: pd.DataFrame
    statistics: pd.DataFrame
    indicators: pd.DataFrame
    sources: pd.DataFrame
    projects: pd.DataFrame = field(default_factory=pd.DataFrame)
    results: pd.DataFrame = field(default_factory=pd.DataFrame)
    data_dir: object = None
    #: Parsed boundary files by name, read on first use (only the merger map needs them).
    boundaries: dict = field(default_factory=dict, repr=False)
    _cache: dict = field(default_factory=dict, repr=False)

    def boundary(self, name: str) -> dict:
        if name not in self.boundaries:
            self.boundaries[name] = data.boundaries(name, self.data_dir)
        return self.boundaries[name]

    @property
    def names(self) -> dict[str, str]:
        """Vietnamese names of the compared provinces, in the compared order."""
        return province_names(self.provinces, self.ids)

    @property
    def n(self) -> int:
        return len(self.ids)


#: Comparisons loaded in this process, by compared ids and data files (see :func:`load`).
_LOADED: dict = {}


def data_files_key(data_dir) -> tuple:
    """The data package's files as (name, size, modification time): a changed file is a new
    key, so a comparison is never served from data that has since changed. Public because
    :func:`provbook.chapters.comparative.units_2025.load` keeps its view by the same key."""
    folder = data.resolve_data_dir(data_dir)
    return (str(folder),) + tuple(
        (p.name, st.st_size, st.st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and (st := p.stat())
    )


def load(ids, data_dir=None) -> Comparison:
    """Load the data package once for the compared ids; unknown ids raise ValueError (listing
    the known ones), and a repeated id is an error rather than a province counted twice.

    Memoised: the build runs the English and the Vietnamese chapter one after the other in the
    same kernel, and the second gets the same :class:`Comparison`, its computed tables (kept in
    its ``_cache``, which holds no words) included, so it computes nothing again."""
    key = (tuple(ids), data_files_key(data_dir))
    if key not in _LOADED:
        _LOADED[key] = _load(list(ids), data_dir)
    return _LOADED[key]


def _load(ids, data_dir=None) -> Comparison:
    ids = [data.check_province(pid, data_dir) for pid in ids]
    if not ids:
        raise ValueError("no province to compare: give at least one province id")
    repeated = sorted({pid for pid in ids if ids.count(pid) > 1})
    if repeated:
        raise ValueError(f"province id(s) given more than once: {', '.join(repeated)}")
    return Comparison(
        ids=ids,
        provinces=data.provinces(data_dir),
        units=data.units_2025(data_dir),
        codes=data.codes(data_dir),
        priorities=data.priorities(data_dir),
        targets=data.targets(data_dir),
        documents=data.documents(data_dir),
        parks=data.parks(data_dir),
        statistics=data.statistics(data_dir),
        indicators=data.indicators(data_dir),
        sources=data.sources(data_dir),
        projects=data.projects(data_dir),
        results=data.results(data_dir),
        data_dir=data_dir,
    )


# ---------------------------------------------------------------------------------------------
# Provinces: names and colours


def province_names(provinces: pd.DataFrame, ids: Sequence[str]) -> dict[str, str]:
    """Vietnamese names of the compared provinces, in the order given; unknown ids are an error."""
    names = provinces.set_index("province_id")["name_vi"]
    unknown = [pid for pid in ids if pid not in names.index]
    if unknown:
        raise ValueError(
            f"unknown province id(s) {', '.join(unknown)}: not in provinces.csv "
            f"(known ids look like {', '.join(sorted(names.index)[:3])})"
        )
    return {pid: names[pid] for pid in ids}


def province_colors(ids: Sequence[str]) -> dict[str, str]:
    """One stable colour per compared province, used by every chart of the chapter."""
    palette = charts.CATEGORICAL
    return {pid: palette[i % len(palette)] for i, pid in enumerate(ids)}


# ---------------------------------------------------------------------------------------------
# Sources: readable labels instead of ids


def source_label(cmp: Comparison, source_id: str, lang: str = "en") -> str:
    """A short author-year label, as the bibliography credits the source ('Quý Đôn, 2023')."""
    return label_of(cmp.sources, cmp.provinces, source_id, lang)


def label_of(
    sources: pd.DataFrame, provinces: pd.DataFrame, source_id: str, lang: str = "en"
) -> str:
    """The author-year label of ``source_id`` in sources.csv (``provinces`` names the province
    of an unsigned article).

    An article with neither author nor outlet is named by its province, so that two unsigned
    reports stay apart; an id not in sources.csv is an error (it would print an internal id).
    """
    rows = sources[sources["source_id"] == source_id]
    if rows.empty:
        raise ValueError(f"source {source_id!r} is cited by a data row but not in sources.csv")
    row = rows.iloc[0]
    known = {k: row[k] for k in ("author", "outlet", "date") if str(row[k]) != "unknown"}
    year = str(known["date"])[:4] if "date" in known else say("comparative.no_year", lang)
    if row["kind"] == "article":
        about = provinces.set_index("province_id")["name_vi"].get(row["province_id"], "")
        who = (
            known.get("author")
            or known.get("outlet")
            or say("comparative.unsigned_report", lang, province=about)
        )
    else:
        short = re.search(r"\(([A-Z]{2,})\)", str(row["outlet"]))
        who = (
            short.group(1) if short else str(row["author"] if "author" in known else row["outlet"])
        )
        if not who.isupper():  # an acronym ('GSO') reads the same in every edition
            # A credit in words as the edition names it ('National Assembly' is 'Quốc hội':
            # charts.toml [publisher]); a name without words there ('Talia Cao') as written.
            who = say_or(f"charts.publisher.{who.lower()}", lang, who)
    return f"{who}, {year}"


def source_labels(cmp: Comparison, source_ids, lang: str = "en") -> str:
    """'A; B' for the ids given, order kept and duplicates dropped ('' for none)."""
    ids = [s for s in dict.fromkeys(source_ids) if isinstance(s, str) and s]
    return "; ".join(dict.fromkeys(source_label(cmp, s, lang) for s in ids))


def sources_line(cmp: Comparison, source_ids, lang: str = "en") -> str:
    """'Sources: A; B.' (a figure's source line or caption; '' when there is none)."""
    return line_of(source_labels(cmp, source_ids, lang), lang)


def line_of(labels: str, lang: str = "en") -> str:
    """'Sources: A; B.' for labels 'A; B' ('' for none)."""
    if not labels:
        return ""
    line = say("common.sources" if ";" in labels else "common.source", lang, sources=labels)
    return line if line.endswith(".") else line + "."


def rows_of(cmp: Comparison, frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of a fact table about the compared provinces (none if it has no province_id):
    every section counts and cites only those."""
    if frame.empty or "province_id" not in frame:
        return frame.iloc[0:0]
    return frame[frame["province_id"].isin(cmp.ids)]


def province_sources(cmp: Comparison) -> dict[str, list[str]]:
    """Each compared province's sources: those about it in sources.csv and those its fact rows
    cite, in sources.csv order (a province may have several, or none)."""
    cited: dict[str, set[str]] = {pid: set() for pid in cmp.ids}
    for name in FACT_TABLES:
        for row in rows_of(cmp, getattr(cmp, name)).itertuples(index=False):
            if isinstance(row.source_id, str):
                cited[row.province_id].add(row.source_id)
    about = rows_of(cmp, cmp.sources)
    for row in about.itertuples(index=False):
        cited[row.province_id].add(row.source_id)
    order = list(cmp.sources["source_id"])
    return {
        pid: sorted(s, key=lambda x: order.index(x) if x in order else len(order))
        for pid, s in cited.items()
    }


def _source_kind(cmp: Comparison, source_ids) -> str:
    """'article' when every source is a news article, else 'source' (the noun prose counts)."""
    kinds = set(cmp.sources.loc[cmp.sources["source_id"].isin(list(source_ids)), "kind"])
    return "article" if kinds == {"article"} else "source"


def _counted_sources(k: int, kind: str, lang: str) -> str:
    """'one news article', '3 sources', 'none' (in a list of provinces)."""
    if k == 0:
        return say("comparative.sources_text.none_counted", lang)
    return say(f"comparative.sources_text.{kind}", lang, count=k)


def sources_text(cmp: Comparison, lang: str = "en") -> str:
    """How each province is seen: 'each seen through one news article', 'Long An through
    2 sources and Đắk Lắk through none' (counts and nouns from the data)."""
    by_province = province_sources(cmp)
    every = {s for ids in by_province.values() for s in ids}
    kind = _source_kind(cmp, every)
    counts = {pid: len(ids) for pid, ids in by_province.items()}
    many = "many" if cmp.n > 1 else "one"
    if len(set(counts.values())) == 1:
        k = next(iter(counts.values()))
        if k == 0:
            return say(f"comparative.sources_text.none_{many}", lang)
        what = _counted_sources(k, kind, lang)
        return say(f"comparative.sources_text.each_{many}", lang, what=what)
    groups: dict[int, list[str]] = {}
    for pid, k in counts.items():
        groups.setdefault(k, []).append(cmp.names[pid])
    parts = [
        say(
            f"comparative.sources_text.{'first' if i == 0 else 'next'}",
            lang,
            names=join_names(who, lang=lang),
            what=_counted_sources(k, kind, lang),
        )
        for i, (k, who) in enumerate(sorted(groups.items(), reverse=True))
    ]
    return join_names(parts, lang=lang)


def overview_values(cmp: Comparison, lang: str = "en") -> dict:
    """Counts and names the introduction speaks of."""
    by_province = province_sources(cmp)
    every = list(dict.fromkeys(s for ids in by_province.values() for s in ids))
    return {
        "n_compared": cmp.n,
        "n_all_provinces": len(cmp.provinces),
        "n_units": len(cmp.units),
        "compared_names": join_names(list(cmp.names.values()), lang=lang),
        "compared_count": say("comparative.provinces_count", lang, count=cmp.n),
        "n_sources": len(every),
        "sources_text": sources_text(cmp, lang),
    }


# ---------------------------------------------------------------------------------------------
# Tables shown on the page


def csv_link(table: pd.DataFrame, filename: str, text: str | None = None, lang: str = "en") -> str:
    """An HTML link carrying the table as a data URI, so the static book needs no file server."""
    text = say("comparative.download", lang) if text is None else text
    payload = base64.b64encode(table.to_csv(index=False).encode("utf-8")).decode("ascii")
    return (
        f'<a download="{html.escape(filename)}" href="data:text/csv;charset=utf-8;base64,'
        f'{payload}">{html.escape(text)}</a>'
    )


def table_html(
    table: pd.DataFrame,
    caption: str,
    filename: str,
    formats: dict[str, str] | None = None,
    csv: pd.DataFrame | None = None,
    lang: str = "en",
) -> str:
    """A captioned HTML table with a CSV download link underneath.

    ``csv`` is what the link downloads when it should hold more than the page shows (ids,
    years, a long format): the page stays readable, the file stays complete.
    """
    # A fixed id (pandas draws a random one): the same data gives byte-identical pages.
    uuid = re.sub(r"[^A-Za-z0-9]+", "_", filename.rsplit(".", 1)[0])
    styler = table.style.set_uuid(uuid).hide(axis="index").set_caption(html.escape(caption))
    # The one escaping boundary: data text (names, indicators, units) never becomes markup.
    styler = styler.format(formats or {}, na_rep="–", escape="html")
    styler = styler.format_index(escape="html", axis=1)
    link = csv_link(table if csv is None else csv, filename, lang=lang)
    return styler.to_html() + f'<p class="provbook-download" style="font-size:0.85em">{link}</p>'


@dataclass
class ShownTable:
    """A captioned table with its CSV download; ``frame`` is what the page shows, ``csv`` what
    the link downloads (by default the same rows)."""

    frame: pd.DataFrame
    caption: str
    filename: str
    formats: dict[str, str] | None = None
    csv: pd.DataFrame | None = None
    lang: str = "en"

    def _repr_html_(self) -> str:
        return table_html(
            self.frame, self.caption, self.filename, self.formats, self.csv, self.lang
        )

    def __repr__(self) -> str:
        return f"{self.caption}\n{self.frame.to_string(index=False)}"


def decimals(digits: int, lang: str = "en", thousands: bool = False):
    """A table cell's number format: ``'{:.1f}'`` in English, the edition's decimal comma in
    Vietnamese (digits kept, as the English shows them)."""
    if lang == "en":
        return f"{{:{',' if thousands else ''}.{digits}f}}"
    from babel.numbers import format_decimal

    pattern = "#,##0." + "0" * digits
    return lambda v: format_decimal(v, format=pattern, locale=lang)


# ---------------------------------------------------------------------------------------------
# Prose shared by the sections


def ordered_ids(table: pd.DataFrame) -> list[str]:
    """The province ids of a table's rows, first appearance first (the sections' tables are in
    the compared order): who has growth targets, share targets ..."""
    return list(dict.fromkeys(table["province_id"]))


def ordinal(rank, lang: str = "en") -> str:
    """'14th' in English, 'thứ 14' in Vietnamese; '–' for no rank."""
    from provbook.analysis import stats

    if lang == "en" or rank is None or pd.isna(rank):
        return stats.ordinal(rank)
    return say("comparative.argument.ordinal", lang, n=int(rank))


def rank_of(rank, of, lang: str = "en") -> str:
    """'14th of 63' ('thứ 14/63')."""
    return say("comparative.argument.rank_of", lang, rank=ordinal(rank, lang), of=of)


def only_text(cmp: Comparison, ids: list[str], key: str, lang: str = "en", **fields) -> str:
    """'Only A sets ...' / 'A and B set ...' / 'All compared provinces set ...' / none: how the
    land and targets sections title a chart about the provinces that have something. ``key``
    names the four sentences and the one for none in comparative.toml."""
    if not ids:
        return say(f"{key}.none", lang, **fields)
    names = join_names([cmp.names[p] for p in ids], lang=lang)
    if len(ids) == cmp.n:
        return say(f"{key}.{'all_many' if cmp.n > 1 else 'all_one'}", lang, names=names, **fields)
    return say(f"{key}.only", lang, count=len(ids), names=names, **fields)
