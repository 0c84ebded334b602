"""Pieces shared by the comparative chapter's tables and figures: province names and
colours, HTML tables with a CSV download, the source lines."""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Sequence

import pandas as pd

from provbook.draw import charts

ARTICLE_SOURCE = "Source: provincial news articles; facts extracted and coded by the authors."
MEDIAN_LABEL = "Median, all provinces"


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


def csv_link(table: pd.DataFrame, filename: str, text: str = "Download this table (CSV)") -> str:
    """An HTML link carrying the table as a data URI, so the static book needs no file server."""
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
    link = csv_link(table if csv is None else csv, filename)
    return styler.to_html() + f'<p class="provbook-download" style="font-size:0.85em">{link}</p>'
