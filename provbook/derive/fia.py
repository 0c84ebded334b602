"""FDI by province from the Foreign Investment Agency's year-end quick reports (2015-2023).

Each workbook has a sheet for the year's inflows ('Thang 12 YYYY') and one for the accumulated
stock ('Luy ke ...'); in each, the block titled '... THEO ĐỊA PHƯƠNG' lists provinces. Headers
change between years (one or two header rows, 'tăng vốn' or 'điều chỉnh', USD and million USD
columns), so columns are found by their header text, and an unknown province name is an error
naming the file, sheet and row.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from provbook.datapackage.names import NATIONAL_ID, NameMatcher

FOLDER = "fia-fdi-2015-2023"
#: Every figure of a quick report is preliminary (the yearbooks revise them).
STATUS = "preliminary"
#: How far (USD million or count) the sum of the rows may be from the total row.
TOTAL_TOLERANCE = 0.01

#: (indicator, test on the lower-case header text of a column), for the year's sheet. A header
#: must match exactly one rule and a rule at most one column.
YEAR_COLUMNS: list[tuple[str, Callable[[str], bool]]] = [
    ("fia_new_projects", lambda h: h == "số dự án cấp mới"),
    (
        "fia_new_capital",
        lambda h: h.startswith("vốn đăng ký cấp mới") and "triệu usd" in h and "tăng" not in h,
    ),
    ("fia_adjusted_projects", lambda h: h.startswith("số lượt dự án")),
    (
        "fia_adjusted_capital",
        lambda h: (
            h.startswith(("vốn đăng ký tăng thêm", "vốn đăng ký điều chỉnh")) and "triệu usd" in h
        ),
    ),
    ("fia_share_purchases", lambda h: h.startswith("số lượt góp vốn")),
    (
        "fia_share_purchase_value",
        lambda h: h.startswith(("giá trị góp vốn", "vốn góp")) and "usd)" in h and "(usd)" not in h,
    ),
    ("fia_total_capital", lambda h: h.startswith("tổng vốn đăng ký") and "triệu usd" in h),
]
STOCK_COLUMNS: list[tuple[str, Callable[[str], bool]]] = [
    ("fia_stock_projects", lambda h: h == "số dự án"),
    ("fia_stock_capital", lambda h: h.startswith("tổng vốn đầu tư đăng ký") and "triệu usd" in h),
]
#: Capital column -> its count column. The reports compute million USD from a USD cell, so a
#: province without any registration of that kind prints 0 beside a blank count: no figure.
COUNT_OF_CAPITAL = {
    "fia_new_capital": "fia_new_projects",
    "fia_adjusted_capital": "fia_adjusted_projects",
    "fia_share_purchase_value": "fia_share_purchases",
}
_PERIOD_END = re.compile(r"đến (?:ngày )?(\d{1,2})[/.](\d{1,2})[/.](\d{4})")


def _text(cell: object) -> str:
    if cell is None:
        return ""
    return " ".join(unicodedata.normalize("NFC", str(cell)).split())


def _is_number(cell: object) -> bool:
    return isinstance(cell, int | float) and not isinstance(cell, bool)


def _open_xls(path: Path):
    """xlrd workbook; tolerates the undecodable external-workbook (SUPBOOK) records these
    files carry, which only name linked workbooks and are not needed to read cell values."""
    import xlrd
    import xlrd.book

    original = xlrd.book.Book.handle_supbook

    def tolerant(self, data):
        try:
            original(self, data)
        except UnicodeDecodeError:
            pass

    xlrd.book.Book.handle_supbook = tolerant
    try:
        return xlrd.open_workbook(path)
    finally:
        xlrd.book.Book.handle_supbook = original


def read_sheets(path: Path) -> dict[str, list[list[object]]]:
    """Rows of every sheet, by sheet name (xls through xlrd, xlsx through openpyxl)."""
    if path.suffix.lower() == ".xls":
        book = _open_xls(path)
        return {
            name: [
                book.sheet_by_name(name).row_values(i)
                for i in range(book.sheet_by_name(name).nrows)
            ]
            for name in book.sheet_names()
        }
    import warnings

    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Cannot parse header or footer": page setup only
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return {
            name: [list(r) for r in book[name].iter_rows(values_only=True)]
            for name in book.sheetnames
        }
    finally:
        book.close()


def _pick_sheet(sheets: dict, path: Path, prefix: str, year: int) -> str:
    found = [n for n in sheets if _text(n).lower().startswith(prefix) and str(year) in n]
    if len(found) != 1:
        raise ValueError(
            f"{path}: expected one sheet starting with {prefix!r} for {year}, found "
            f"{found or 'none'} among {list(sheets)}"
        )
    return found[0]


def read_block(
    path: Path,
    sheet: str,
    rows: list[list[object]],
    rules: list[tuple[str, Callable[[str], bool]]],
    year: int,
    matcher: NameMatcher,
) -> tuple[list[tuple[str, str, float]], list[str]]:
    """(province_id, indicator, value) of the '... THEO ĐỊA PHƯƠNG' block, and notes."""
    where = f"{path}, sheet {sheet!r}"
    titles = [
        i for i, r in enumerate(rows) if r and _text(r[0]).upper().endswith("THEO ĐỊA PHƯƠNG")
    ]
    if len(titles) != 1:
        raise ValueError(
            f"{where}: expected one block titled '... THEO ĐỊA PHƯƠNG', found {len(titles)}"
        )
    start = titles[0]
    first_data = next(
        (i for i in range(start + 1, len(rows)) if rows[i] and _is_number(rows[i][0])), None
    )
    if first_data is None:
        raise ValueError(f"{where}, row {start + 1}: the province block has no numbered rows")
    period = [m for i in range(start, first_data) for m in _PERIOD_END.findall(_text(rows[i][0]))]
    if not period or int(period[0][2]) != year:
        raise ValueError(f"{where}, row {start + 2}: no period ending in {year} under the title")
    notes = [f"{path.name}, {sheet}: period ends {'-'.join(reversed(period[0]))}"]
    width = max(len(r) for r in rows[start:first_data])
    headers = []
    for col in range(width):
        texts = [_text(rows[i][col]) for i in range(start + 1, first_data) if col < len(rows[i])]
        texts = [t for t in texts if t and not _PERIOD_END.search(t)]
        headers.append(texts[-1].lower() if texts else "")
    columns: dict[str, int] = {}
    for col, header in enumerate(headers):
        hits = [ind for ind, rule in rules if rule(header)]
        if len(hits) > 1:
            raise ValueError(f"{where}, column {col + 1}: header {header!r} matches {hits}")
        if hits:
            if hits[0] in columns:
                raise ValueError(
                    f"{where}: columns {columns[hits[0]] + 1} and {col + 1} are both {hits[0]}"
                )
            columns[hits[0]] = col
    for header in headers[2:]:
        if header and not any(rule(header) for _, rule in rules):
            notes.append(f"{path.name}, {sheet}: column {header!r} left out")
    if not columns:
        raise ValueError(f"{where}: no known column in the province block (headers {headers})")
    out: list[tuple[str, str, float]] = []
    seen: dict[str, int] = {}
    sums = dict.fromkeys(columns, 0.0)  # every listed row, oil and gas included
    for i in range(first_data, len(rows)):
        row = rows[i]
        first = _text(row[0]) if row else ""
        if first.lower().startswith("tổng"):
            out += _national(where, i, row, columns, sums)
            break
        label = _text(row[1]) if len(row) > 1 else ""
        if not label and not first:
            raise ValueError(f"{where}, row {i + 1}: blank row before the total row ('Tổng')")
        found = matcher.classify(label)
        if found is None:
            raise ValueError(
                f"{where}, row {i + 1}, column 2: unknown province name {label!r} (add the "
                "spelling to provbook.datapackage.names.PROVINCE_ALIASES if it is a province)"
            )
        values = {}
        for indicator, col in columns.items():
            cell = row[col] if col < len(row) else None
            if cell in (None, ""):
                continue
            if not _is_number(cell):
                raise ValueError(
                    f"{where}, row {i + 1}, column {col + 1}: {cell!r} is not a number "
                    "(allowed: a number or an empty cell)"
                )
            values[indicator] = float(cell)
            sums[indicator] += float(cell)
        for capital, count in COUNT_OF_CAPITAL.items():
            if values.get(capital) == 0 and count in columns and count not in values:
                del values[capital]
                notes.append(
                    f"{path.name}, {sheet}, row {i + 1}: {label!r} {capital} left out (0 printed "
                    f"for a blank cell: its {count} cell is blank)"
                )
        if found.kind != "province":
            notes.append(
                f"{path.name}, {sheet}, row {i + 1}: left out {label!r} "
                f"({found.note or found.kind}; counted in the national total)"
            )
            continue
        if found.id in seen:
            raise ValueError(f"{where}, row {i + 1}: {label!r} repeats row {seen[found.id]}")
        seen[found.id] = i + 1
        out += [(found.id, indicator, value) for indicator, value in values.items()]
    else:
        raise ValueError(f"{where}: the province block has no total row ('Tổng')")
    return out, notes


def _national(
    where: str, i: int, row: list, columns: dict[str, int], sums: dict[str, float]
) -> list[tuple[str, str, float]]:
    """The total row as national figures, after checking that the listed rows add up to it
    (so no province row was skipped or misread)."""
    out = []
    for indicator, col in columns.items():
        cell = row[col] if col < len(row) else None
        if not _is_number(cell):
            continue
        if abs(sums[indicator] - float(cell)) > TOTAL_TOLERANCE:
            raise ValueError(
                f"{where}, row {i + 1}, column {col + 1}: the rows above add up to "
                f"{sums[indicator]:.2f}, the total row says {float(cell):.2f} ({indicator})"
            )
        out.append((NATIONAL_ID, indicator, float(cell)))
    return out


def fia_rows(
    raw: Path, matcher: NameMatcher
) -> tuple[list[tuple[str, str, int, float]], list[str]]:
    """(province_id, indicator, year, value) for every year-end workbook FDI.YYYY.xls(x)."""
    folder = raw / FOLDER
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: raw folder not found")
    out, notes = [], []
    for path in sorted(folder.iterdir()):
        match = re.fullmatch(r"FDI\.(\d{4})\.xlsx?", path.name)
        if not match:
            if path.suffix.lower() in (".xls", ".xlsx"):
                notes.append(f"{FOLDER}/{path.name}: left out (not a whole year's report)")
            continue
        year = int(match.group(1))
        sheets = read_sheets(path)
        for prefix, rules in (("thang 12", YEAR_COLUMNS), ("luy k", STOCK_COLUMNS)):
            name = _pick_sheet(sheets, path, prefix, year)
            values, block_notes = read_block(path, name, sheets[name], rules, year, matcher)
            out += [(ident, ind, year, value) for ident, ind, value in values]
            notes += block_notes
    if not out:
        raise FileNotFoundError(f"{folder}: no FDI.YYYY.xls(x) workbooks")
    return out, notes
