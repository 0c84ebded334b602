"""statistics.csv and indicators.csv from the raw GSO, PCI and monthly-report files.

Each reader returns long rows (province_id, indicator, year, value, unit, source_id) and notes on
what it left out, so the derivation report says why a province-year is missing.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd

from provbook.datapackage.names import NameMatcher
from provbook.derive import readers
from provbook.derive.gso import STAT_COLUMNS, read_pxweb

PXWEB = "gso-px-web-2018"
POPULATION = "gso-population-2011-2022"
GRDP = "gso-grdp-per-capita-2018-2022"
PCI_CSV = "pci-2005-2016/pci_2005_2016.csv"
PCI_WORKBOOK = "pci-2005-2016/PCI_2016.xlsx"
MONTHLY = "gso-monthly-2018-2024"
#: Source of pci_weighted 2017-2022 (VCCI's scores, taken from the 2016-2022 panel).
PANEL_PCI_SOURCE = "vcci_pci_2017_2022"

_PCI_COMMON = (
    " Province-years from the compiled dataset pci_2005_2016.csv (mdtrinh/vietnamdata, from "
    "VCCI's yearly workbooks). Its 2013 rows lack most province names; they are restored by "
    "matching each row's sub-index scores to the 'PCI 2013' summary sheet kept in VCCI's 2016 "
    "workbook. Hà Tây (2005-2008, merged into Hà Nội in 2008) is left out."
)
_PCI_SUB = " PCI sub-index, scored 0-10 (higher is better for business)."

FIA_COMMON_HEAD = "Foreign Investment Agency (FIA, Ministry of Planning and Investment), "
FIA_COMMON = (
    " From the FIA's year-end quick report ('Báo cáo nhanh đầu tư nước ngoài'), annex table by "
    "province; the period runs from 1 January to about 20 December (2015: to 31 December, "
    "2016: to 26 December), so every figure is marked preliminary: the yearbooks revise them "
    "slightly. The FIA counts registrations (new, adjusted, share purchases) of the period; "
    "GSO's 'FDI projects licensed' tables (indicators fdi_*) count licences of the calendar "
    "year and are a different series: never join the two. Provinces without any registration "
    "in the year are not listed by the FIA and have no row, and nor has a capital of 0 "
    "printed beside a blank count (the report's formula turns a blank USD cell into 0; the "
    "derivation's notes list each one left out). The national figure (vietnam) "
    "is the report's total row, which includes offshore oil and gas projects not attributed "
    "to a province; the listed rows are checked to add up to it. Capital in million USD to two "
    "decimals, as the FIA prints it. The January-June 2024 report is left out (a half year)."
)

#: FIA indicators: id -> (label, unit, what the column counts).
FIA_INDICATORS: dict[str, tuple[str, str, str]] = {
    "fia_new_projects": (
        "FDI projects newly registered (FIA)",
        "projects",
        "number of new foreign direct investment projects granted a registration certificate "
        "in the period.",
    ),
    "fia_new_capital": (
        "Registered capital of new FDI projects (FIA)",
        "USD million",
        "registered capital of the new projects of the period, million USD.",
    ),
    "fia_adjusted_projects": (
        "FDI projects adjusting their capital (FIA)",
        "projects",
        "number of times existing projects registered a change of capital in the period "
        "(headed 'tăng vốn', capital increases, in 2015-2018; 'điều chỉnh', adjustments, "
        "from 2019).",
    ),
    "fia_adjusted_capital": (
        "Capital added by adjusted FDI projects (FIA)",
        "USD million",
        "registered capital added (or, for adjustments, removed: it can be negative) by "
        "existing projects in the period, million USD (2015-2018 headed 'tăng thêm', "
        "increases; from 2019 'điều chỉnh', adjustments).",
    ),
    "fia_share_purchases": (
        "Capital contributions and share purchases by foreign investors (FIA)",
        "transactions",
        "number of capital contributions and share purchases by foreign investors in the "
        "period (not reported by province in 2015).",
    ),
    "fia_share_purchase_value": (
        "Value of capital contributions and share purchases (FIA)",
        "USD million",
        "value of the capital contributions and share purchases of the period, million USD "
        "(not reported by province in 2015).",
    ),
    "fia_total_capital": (
        "Total FDI capital registered in the year (FIA)",
        "USD million",
        "total of new capital, adjusted capital and share purchases of the period, million "
        "USD (2015 has no share purchases by province and no such total: its column of new "
        "plus increased capital is left out).",
    ),
    "fia_stock_projects": (
        "Valid FDI projects accumulated (FIA)",
        "projects",
        "number of foreign direct investment projects still valid at the report date "
        "(accumulated since 1988), sheet 'Lũy kế'.",
    ),
    "fia_stock_capital": (
        "Registered capital of valid FDI projects accumulated (FIA)",
        "USD million",
        "total registered capital of the projects still valid at the report date, million "
        "USD, sheet 'Lũy kế'.",
    ),
}

#: indicator -> (label, unit, description, source_id)
INDICATORS: dict[str, tuple[str, str, str, str]] = {
    "iip_index": (
        "Index of industrial production",
        "previous year = 100",
        "GSO index of industrial production (IIP) of the province: the volume of industrial "
        "output of the year compared with the previous year (previous year = 100). PX-Web table "
        "'Index of Industrial production by province', 2012-2016.",
        "gso_pxweb_2018",
    ),
    "fdi_new_projects": (
        "FDI projects newly licensed",
        "projects",
        "Number of foreign direct investment projects licensed in the year in the province. "
        "PX-Web tables 'Foreign direct investment projects licensed in 2015 (2016) by province'. "
        "The national total includes offshore oil and gas projects that the tables do not "
        "attribute to a province; a province with '..' (no figure) has no row.",
        "gso_pxweb_2018",
    ),
    "fdi_new_capital": (
        "Registered capital of FDI projects newly licensed",
        "USD million",
        "Total registered capital of the foreign direct investment projects licensed in the "
        "year in the province, million USD. Same tables as fdi_new_projects; the column header "
        "carries a footnote mark (*) whose text is not part of the export. GSO publishes a "
        "negative capital for 2016 for Đắk Nông (-0.9), Gia Lai (-2.9) and Quảng Bình (-7.4), "
        "unexplained in the export: kept as published.",
        "gso_pxweb_2018",
    ),
    "fdi_stock_projects": (
        "FDI projects in effect at year end",
        "projects",
        "Accumulated number of foreign direct investment projects licensed and still in effect "
        "on 31 December of the year. PX-Web tables 'Foreign direct investment projects licensed "
        "by province (Accumulation of projects having effect as of 31-12-2015 / 31-12-2016)'. "
        "The national total includes offshore oil and gas projects not attributed to a province.",
        "gso_pxweb_2018",
    ),
    "fdi_stock_capital": (
        "Registered capital of FDI projects in effect at year end",
        "USD million",
        "Total registered capital, million USD, of the accumulated foreign direct investment "
        "projects still in effect on 31 December of the year. Same tables as "
        "fdi_stock_projects; the header carries a footnote mark (*) not included in the export.",
        "gso_pxweb_2018",
    ),
    "area": (
        "Area",
        "km2",
        "Area of the province in square kilometres, GSO table of area, population and density "
        "by province (yearly files 2011-2022).",
        "gso_population",
    ),
    "population": (
        "Population",
        "thousand persons",
        "Population of the province, thousand persons, from GSO's table of area, population and "
        "density by province (yearly files 2011-2022); in GSO's yearbooks this table gives the "
        "average population of the year. This is the series as revised after the 2019 census; "
        "it differs from the 2018 PX-Web release for the same years (Hà Nội 2011: 6,825.82 "
        "here, 6,761.3 there), which is kept as population_release_2018.",
        "gso_population",
    ),
    "population_density": (
        "Population density",
        "persons per km2",
        "Population density, persons per square kilometre, GSO table of area, population and "
        "density by province 2011-2022.",
        "gso_population",
    ),
    "grdp_per_capita": (
        "GRDP per capita",
        "million VND",
        "Gross regional domestic product per capita at current prices, million VND per person, "
        "2018-2022. The unit is not written in the redistributing repository; the values match "
        "GSO's published per-capita GRDP (Hà Nội 2022 = 141.61).",
        "gso_grdp_per_capita",
    ),
    "labour_force": (
        "Labour force aged 15 and over",
        "thousand persons",
        "Labour force at 15 years of age and above, PX-Web table 'Labour force at 15 years of age "
        "and above by province' (2005, 2007-2016; 2016 marked preliminary). The export does not "
        "state the unit; the figures are thousand persons (whole country 2016: 54,445.3). Hà "
        "Nội's 2005 and 2007 figures cover its area before Hà Tây was merged into it in 2008; "
        "Hà Tây's own row is left out.",
        "gso_pxweb_2018",
    ),
    "trained_workers_pct": (
        "Trained employed workers",
        "%",
        "Percentage of employed workers aged 15 and over who have received technical or "
        "professional training, PX-Web table 'Percentage of trained employed workers at 15 years "
        "of age and above by province' (2008-2016; 2016 marked preliminary). The title carries a "
        "footnote mark (*) whose text is not part of the export.",
        "gso_pxweb_2018",
    ),
    "industrial_labour_use_index": (
        "Labour-use index of industrial enterprises, year on year",
        "same time previous year = 100",
        "GSO index of the number of workers employed by industrial enterprises in the province "
        "on 1 December of the year, compared with 1 December of the previous year (= 100). From "
        "the December socio-economic report tables, sheet LĐCN_DP, column 'so với cùng thời "
        "điểm năm trước'. It measures the change in industrial employment, not its level. 2018 "
        "has no row: that year's workbook has the index by industry only, not by province. "
        "Status preliminary: the December report's figures for its own year are first "
        "estimates.",
        "gso_monthly",
    ),
    "pci_weighted": (
        "PCI, weighted composite score",
        "score (0-100)",
        "Provincial Competitiveness Index (VCCI/USAID): the official composite score, a weighted "
        "combination of the sub-indices, on a 0-100 scale. The set of sub-indices changed over "
        "the years (2005: nine including Implementation and Consistency of Policies; 2006-2008 "
        "and 2013-2016: ten; 2009-2012: nine, without Policy Bias)." + _PCI_COMMON + " 2017-2022 "
        "(source vcci_pci_2017_2022) come from the balanced 2016-2022 panel Dataset.dta, "
        "whose PCI equals this series in 2016 for all 63 provinces and VCCI's published "
        "scores in pci_vn.csv for 2017-2018 (checked at derivation, two decimals); it is the "
        "same measure, VCCI's overall score. No sub-indices after 2016 are available.",
        "vcci_pci",
    ),
    "pci_unweighted": (
        "PCI, unweighted total",
        "score",
        "Unweighted total of the PCI sub-index scores as given in VCCI's workbooks; only 2007, "
        "2008 and 2010 have such a column. For the other years the compiled dataset fills the "
        "column with its own row sum, which leaves out the Legal Institutions sub-index; those "
        "values are not used." + _PCI_COMMON,
        "vcci_pci",
    ),
    "pci_entry": (
        "PCI: Entry Costs",
        "score (0-10)",
        "Entry Costs: time and cost for a new firm to register and start operating."
        + _PCI_SUB
        + _PCI_COMMON,
        "vcci_pci",
    ),
    "pci_land": (
        "PCI: Land Access and Security of Tenure",
        "score (0-10)",
        "Land Access and Security of Tenure: ease of obtaining land and security of tenure once "
        "obtained." + _PCI_SUB + _PCI_COMMON,
        "vcci_pci",
    ),
    "pci_transparency": (
        "PCI: Transparency and Access to Information",
        "score (0-10)",
        "Transparency and Access to Information: access to planning and legal documents and "
        "predictability of provincial rules." + _PCI_SUB + _PCI_COMMON,
        "vcci_pci",
    ),
    "pci_time": (
        "PCI: Time Costs and Regulatory Compliance",
        "score (0-10)",
        "Time Costs and Regulatory Compliance: time firms spend on administrative procedures and "
        "inspections." + _PCI_SUB + _PCI_COMMON,
        "vcci_pci",
    ),
    "pci_informal": (
        "PCI: Informal Charges",
        "score (0-10)",
        "Informal Charges: extent of informal payments firms report." + _PCI_SUB + _PCI_COMMON,
        "vcci_pci",
    ),
    "pci_implement": (
        "PCI: Implementation and Consistency of Policies",
        "score (0-10)",
        "Implementation and Consistency of Policies: scored in 2005 only." + _PCI_SUB + _PCI_COMMON,
        "vcci_pci",
    ),
    "pci_bias": (
        "PCI: Policy Bias",
        "score (0-10)",
        "Policy Bias: favouritism towards state-owned, foreign or connected firms (not scored "
        "2009-2012)." + _PCI_SUB + _PCI_COMMON,
        "vcci_pci",
    ),
    "pci_proactive": (
        "PCI: Proactivity of Provincial Leadership",
        "score (0-10)",
        "Proactivity of Provincial Leadership: initiative of provincial leaders in solving "
        "problems for private firms." + _PCI_SUB + _PCI_COMMON,
        "vcci_pci",
    ),
    "pci_support": (
        "PCI: Business Support Services",
        "score (0-10)",
        "Business Support Services: provision and quality of services for firms (trade "
        "promotion, information, partner search and the like)." + _PCI_SUB + _PCI_COMMON,
        "vcci_pci",
    ),
    "pci_labor": (
        "PCI: Labor and Training",
        "score (0-10)",
        "Labor and Training: quality of vocational training and labour services (scored from "
        "2006)." + _PCI_SUB + _PCI_COMMON,
        "vcci_pci",
    ),
    "pci_legal": (
        "PCI: Legal Institutions",
        "score (0-10)",
        "Legal Institutions: firms' confidence in the legal system to settle disputes and "
        "protect rights (scored from 2006)." + _PCI_SUB + _PCI_COMMON,
        "vcci_pci",
    ),
    "population_release_2018": (
        "Population, 2018 release (before the 2019 census revision)",
        "thousand persons",
        "Average population of the province, thousand persons, as GSO published it in its "
        "PX-Web table 'Area, population and population density by province' downloaded on "
        "2018-09-21 (2011-2016). GSO later revised the series after the 2019 census; the "
        "revised figures are the indicator population. Both are kept so that the size of the "
        "revision can be shown (Sóc Trăng 2016: 1,312.5 here, 1,227.6 revised).",
        "gso_pxweb_2018",
    ),
    "new_enterprises": (
        "Newly established enterprises",
        "enterprises",
        "Number of enterprises newly established (registered) in the province during the year, "
        "GSO, 2016-2022. Taken from the balanced panel of a published student paper (column "
        "ent of Dataset.dta), which cites GSO; the panel's other columns are not used.",
        "gso_enterprises",
    ),
    "grdp_real_growth": (
        "Real GRDP growth",
        "%",
        "Growth of gross regional domestic product at constant prices over the previous year, "
        "%, as the national statistics office (NSO, formerly GSO) back-casts it for the 34 "
        "units formed on 2025-07-01 (2020 official, 2024 preliminary, 2025 estimate). Only in "
        "statistics_2025.csv.",
        "nso_units_2025",
    ),
    **{
        f"grdp_share_{key}": (
            f"Share of {label} in GRDP",
            "%",
            f"Share of {label} in the unit's gross regional domestic product at current "
            "prices, %, 2025 (estimate), NSO figures for the 34 units of 2025; not published "
            "for every unit (no row where the compilation leaves it blank: all four shares "
            "are missing for Sơn La, Huế, Tây Ninh, An Giang and Cần Thơ). The four shares "
            "(agriculture, forestry and fishery; industry and construction; services; "
            "product taxes less subsidies) add up to 100. Only in statistics_2025.csv.",
            "nso_units_2025",
        )
        for key, label in (
            ("agriculture", "agriculture, forestry and fishery"),
            ("industry_construction", "industry and construction"),
            ("services", "services"),
            ("product_taxes", "product taxes less subsidies on products"),
        )
    },
    **{
        key: (label, unit, FIA_COMMON_HEAD + text + FIA_COMMON, "fia_fdi")
        for key, (label, unit, text) in FIA_INDICATORS.items()
    },
}
INDICATOR_COLUMNS = [
    "indicator",
    "label",
    "unit",
    "description",
    "source_id",
    "decimals",
    "aggregation",
]

#: Decimals the publisher prints for each indicator; values are rounded to these (the raw files
#: carry binary float noise such as 60.74099349975586, or float32 as in 60.740002).
DECIMALS: dict[str, int] = {
    "iip_index": 1,
    "fdi_new_projects": 0,
    "fdi_new_capital": 1,
    "fdi_stock_projects": 0,
    "fdi_stock_capital": 1,
    "area": 2,
    "population": 2,
    "population_density": 2,
    "population_release_2018": 1,
    "grdp_per_capita": 2,
    "labour_force": 1,
    "trained_workers_pct": 1,
    "industrial_labour_use_index": 2,
    "new_enterprises": 0,
    "grdp_real_growth": 2,
    **{k: 2 for k in INDICATORS if k.startswith("grdp_share_")},
    **{k: 2 for k in INDICATORS if k.startswith("pci_")},
    **{
        k: (0 if FIA_INDICATORS[k][1] in ("projects", "transactions") else 2)
        for k in FIA_INDICATORS
    },
}

#: How a figure for a merged 2025 unit follows from its old provinces' figures (see
#: provbook.analysis.aggregate): sum of the parts; population-weighted mean (computed through
#: totals: sum of value x population over the sum of population); ratio_of_totals (numerator and
#: denominator summed separately, e.g. density); none = not aggregatable (indices, scores,
#: growth rates, shares of workers: shown part by part, never averaged).
AGGREGATIONS = ("sum", "population_weighted", "ratio_of_totals", "none")
AGGREGATION: dict[str, str] = {
    "iip_index": "none",
    "fdi_new_projects": "sum",
    "fdi_new_capital": "sum",
    "fdi_stock_projects": "sum",
    "fdi_stock_capital": "sum",
    "area": "sum",
    "population": "sum",
    "population_density": "ratio_of_totals",
    "population_release_2018": "sum",
    "grdp_per_capita": "population_weighted",
    "labour_force": "sum",
    "trained_workers_pct": "none",
    "industrial_labour_use_index": "none",
    "new_enterprises": "sum",
    "grdp_real_growth": "none",
    **{k: "ratio_of_totals" for k in INDICATORS if k.startswith("grdp_share_")},
    **{k: "none" for k in INDICATORS if k.startswith("pci_")},
    **{k: "sum" for k in FIA_INDICATORS},
}

#: PX-Web exports: (path under gso-px-web-2018, indicator, item, year when not in the columns).
PXWEB_TABLES = [
    ("Industry/Index of Industrial production by province.csv", "iip_index", None, None),
    *[
        (
            f"Investment and Construction/Foreign direct investment projects licensed in {y} "
            "by province.csv",
            indicator,
            item,
            y,
        )
        for y in (2015, 2016)
        for indicator, item in (
            ("fdi_new_projects", "Number of projects"),
            ("fdi_new_capital", "Total registered capital"),
        )
    ],
    *[
        (
            "Investment and Construction/Foreign direct investment projects licensed by province "
            f"(Accumulation of projects having effect as of 31-12-{y}).csv",
            indicator,
            item,
            y,
        )
        for y in (2015, 2016)
        for indicator, item in (
            ("fdi_stock_projects", "Number of projects"),
            ("fdi_stock_capital", "Total registered capital"),
        )
    ],
    (
        "Population and Employment/Labour force at 15 years of age and above by province.csv",
        "labour_force",
        None,
        None,
    ),
    (
        "Population and Employment/Percentage of trained employed workers at 15 years of age "
        "and above by province.csv",
        "trained_workers_pct",
        None,
        None,
    ),
    (
        "Population and Employment/Area, population and population density by province.csv",
        "population_release_2018",
        "Average population (Thous. pers.)",
        None,
    ),
]

PCI_SUBINDICES = [
    "pci_entry",
    "pci_land",
    "pci_transparency",
    "pci_time",
    "pci_informal",
    "pci_implement",
    "pci_bias",
    "pci_proactive",
    "pci_support",
    "pci_labor",
    "pci_legal",
]
#: Years in which VCCI's workbook had an unweighted-total column (see pci_unweighted).
PCI_UNWEIGHTED_YEARS = (2007, 2008, 2010)
#: Columns of the 'Summary' (PCI 2013) sheet: header text -> indicator.
PCI_2013_HEADERS = {
    "Entry Costs": "pci_entry",
    "Land Access": "pci_land",
    "Transparency": "pci_transparency",
    "Time Costs": "pci_time",
    "Informal charges": "pci_informal",
    "Bias": "pci_bias",
    "Proactivity": "pci_proactive",
    "Business support services": "pci_support",
    "Labor training": "pci_labor",
    "Legal Institutions": "pci_legal",
}


@dataclass
class Part:
    """Rows from one raw source and the notes on what was left out."""

    rows: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def _frame(records: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=STAT_COLUMNS)
    frame["year"] = frame["year"].astype("int64")
    frame["value"] = frame["value"].astype("float64")
    return frame


def _unit(indicator: str) -> str:
    return INDICATORS[indicator][1]


def _source(indicator: str) -> str:
    return INDICATORS[indicator][3]


def _record(
    province_id: str, indicator: str, year: int, value: float, status: str = "official"
) -> dict:
    return {
        "province_id": province_id,
        "indicator": indicator,
        "year": int(year),
        "value": float(value),
        "unit": _unit(indicator),
        "source_id": _source(indicator),
        "status": status,
    }


def round_published(value: float, decimals: int) -> float:
    """Round half away from zero on the decimal text, as the publishers' spreadsheets print."""
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))


# --- GSO PX-Web ------------------------------------------------------------------------------


def pxweb_statistics(raw: Path, matcher: NameMatcher) -> Part:
    """IIP, FDI, labour force and trained workers from the PX-Web exports."""
    frames, notes = [], []
    for relative, indicator, item, year in PXWEB_TABLES:
        path = raw / PXWEB / relative
        frame = read_pxweb(
            path,
            indicator,
            _unit(indicator),
            _source(indicator),
            matcher=matcher,
            item=item,
            year=year,
        )
        others = [d for d in frame.attrs["dropped"] if d.reason != "socio-economic region"]
        for drop in others:
            notes.append(
                f"{indicator}: {relative}, line {drop.line}: left out {drop.name!r} ({drop.reason})"
            )
        frames.append(frame)
    return Part(pd.concat(frames, ignore_index=True), notes)


# --- GSO population and GRDP (code-keyed CSV files) ------------------------------------------


def _code_keyed(
    path: Path, code_to_id: dict[int, str], matcher: NameMatcher, name_column: str
) -> tuple[list[tuple[int, str, dict[str, str]]], list[str]]:
    """Rows of a code,name,... file with the province id of each code (names cross-checked)."""
    notes = []
    rows = []
    for line, row in enumerate(readers.read_csv(path, ["code", name_column]), start=2):
        try:
            code = int(row["code"])
        except ValueError:
            raise ValueError(
                f"{path}, line {line}, column code: {row['code']!r} is not a GSO province code"
            ) from None
        if code not in code_to_id:
            raise ValueError(
                f"{path}, line {line}, column code: {code} is not one of the 63 GSO province codes"
            )
        ident = code_to_id[code]
        named = matcher.province_id(row[name_column])
        if named is None:
            notes.append(
                f"{path.name}, line {line}: name {row[name_column]!r} not "
                f"recognised, taken as {ident} by its code {code}"
            )
        elif named != ident:
            raise ValueError(
                f"{path}, line {line}: code {code} ({ident}) is named "
                f"{row[name_column]!r}, which is {named}"
            )
        rows.append((line, ident, row))
    seen = [ident for _, ident, _ in rows]
    if len(set(seen)) != len(seen) or len(seen) != len(code_to_id):
        missing = sorted(set(code_to_id.values()) - set(seen))
        raise ValueError(
            f"{path}: expected each of the 63 provinces once; missing {missing}, {len(seen)} rows"
        )
    return rows, notes


def _year_files(folder: Path, stem: str) -> list[tuple[int, Path]]:
    found = []
    for path in sorted(folder.glob(f"{stem}_*.csv")):
        match = re.fullmatch(rf"{stem}_(\d{{4}})\.csv", path.name)
        if match:
            found.append((int(match.group(1)), path))
    if not found:
        raise FileNotFoundError(f"{folder}: no {stem}_YYYY.csv files")
    return found


def population_statistics(raw: Path, code_to_id: dict[int, str], matcher: NameMatcher) -> Part:
    """Area, population and density 2011-2022 from population_YYYY.csv."""
    records, notes = [], []
    columns = {"area": "area", "population": "population", "density": "population_density"}
    for year, path in _year_files(raw / POPULATION, "population"):
        rows, row_notes = _code_keyed(path, code_to_id, matcher, "name")
        notes += row_notes
        for line, ident, row in rows:
            for column, indicator in columns.items():
                value = readers.number(path, line, column, row.get(column, ""))
                if value is None:
                    notes.append(f"{path.name}, line {line}: no {column} for {ident}")
                    continue
                records.append(_record(ident, indicator, year, value))
    return Part(_frame(records), notes)


def grdp_statistics(raw: Path, code_to_id: dict[int, str], matcher: NameMatcher) -> Part:
    """GRDP per capita 2018-2022 from grdp_YYYY.csv."""
    records, notes = [], []
    for year, path in _year_files(raw / GRDP, "grdp"):
        rows, row_notes = _code_keyed(path, code_to_id, matcher, "Name")
        notes += row_notes
        for line, ident, row in rows:
            value = readers.number(path, line, "grdp", row.get("grdp", ""))
            if value is None:
                notes.append(f"{path.name}, line {line}: no grdp for {ident}")
                continue
            records.append(_record(ident, "grdp_per_capita", year, value))
    return Part(_frame(records), notes)


# --- PCI -------------------------------------------------------------------------------------


def read_pci_2013_summary(workbook: Path, matcher: NameMatcher) -> dict[str, dict[str, float]]:
    """Sub-index scores per province from the 'Summary' sheet headed 'PCI 2013'.

    The sheet lists each sub-index as its own (province, score) ranking, so a province's
    scores sit on different rows; they are regrouped by province here.
    """
    import openpyxl

    book = openpyxl.load_workbook(workbook, read_only=True, data_only=True)
    try:
        if "Summary" not in book.sheetnames:
            raise ValueError(f"{workbook}: no sheet 'Summary'")
        rows = list(book["Summary"].iter_rows(values_only=True))
    finally:
        book.close()
    header = [str(c).strip() if c is not None else "" for c in rows[0]]
    if "PCI 2013" not in header:
        raise ValueError(
            f"{workbook}, sheet Summary, row 1: no 'PCI 2013' column; is it the 2013 summary?"
        )
    # Each score column has its header; the province name is in the column just before it.
    positions = {}
    for col, text in enumerate(header):
        if text in PCI_2013_HEADERS:
            positions[PCI_2013_HEADERS[text]] = (col - 1, col)
    positions["pci_weighted"] = (header.index("PCI 2013") - 1, header.index("PCI 2013"))
    missing = set(PCI_2013_HEADERS.values()) - set(positions)
    if missing:
        raise ValueError(f"{workbook}, sheet Summary: missing column(s) for {sorted(missing)}")
    scores: dict[str, dict[str, float]] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not isinstance(row[0], int | float):  # the ranking block ends at a blank row
            break
        for indicator, (name_col, value_col) in positions.items():
            name = row[name_col]
            value = row[value_col]
            if name is None or value is None:
                continue
            ident = matcher.province_id(str(name))
            if ident is None:
                raise ValueError(
                    f"{workbook}, sheet Summary, row {number}: unknown province {name!r}"
                )
            scores.setdefault(ident, {})[indicator] = float(value)
    return scores


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def pci_statistics(raw: Path, matcher: NameMatcher) -> Part:
    """PCI weighted total, sub-indices and (where VCCI gave it) the unweighted total."""
    path = raw / PCI_CSV
    notes: list[str] = []
    needed = ["prov", "year", *PCI_SUBINDICES, "pci_unweighted", "pci_weighted"]
    rows = []
    for line, row in enumerate(readers.read_csv(path, needed), start=2):
        year_text = readers.number(path, line, "year", row["year"])
        if year_text is None or not float(year_text).is_integer():
            raise ValueError(f"{path}, line {line}, column year: {row['year']!r} is not a year")
        values = {}
        for column in [*PCI_SUBINDICES, "pci_unweighted", "pci_weighted"]:
            value = readers.number(path, line, column, row[column])
            if value is not None:
                values[column] = value
        rows.append((line, row["prov"].strip(), int(year_text), values))

    # Restore the names of the nameless 2013 rows from the PCI 2013 summary sheet.
    nameless = [r for r in rows if not r[1]]
    restored: dict[int, str] = {}
    if nameless:
        bad_years = sorted({year for _, _, year, _ in nameless} - {2013})
        if bad_years:
            raise ValueError(
                f"{path}: rows without a province name in {bad_years}; only 2013's can be restored"
            )
        workbook = raw / PCI_WORKBOOK
        if not workbook.exists():
            notes.append(
                f"{PCI_CSV}: {len(nameless)} rows of 2013 have no province name and "
                f"{PCI_WORKBOOK} is missing; left out"
            )
        else:
            summary = read_pci_2013_summary(workbook, matcher)
            named_2013 = {matcher.province_id(n) for _, n, y, _ in rows if n and y == 2013}
            for line, _, _, values in nameless:
                keys = [k for k in values if k != "pci_unweighted"]
                hits = [
                    ident
                    for ident, scores in summary.items()
                    if all(k in scores and _close(scores[k], values[k]) for k in keys)
                ]
                if len(hits) != 1:
                    raise ValueError(
                        f"{path}, line {line}: 2013 row without a name matches "
                        f"{len(hits)} provinces of the PCI 2013 summary ({hits})"
                    )
                if hits[0] in named_2013 or hits[0] in restored.values():
                    raise ValueError(
                        f"{path}, line {line}: matched {hits[0]}, which already has a 2013 row"
                    )
                restored[line] = hits[0]
            for line, name, year, values in rows:
                ident = matcher.province_id(name) if name else None
                if year == 2013 and ident is not None:
                    scores = summary.get(ident, {})
                    if not all(
                        _close(scores.get(k, math.nan), v)
                        for k, v in values.items()
                        if k != "pci_unweighted"
                    ):
                        raise ValueError(
                            f"{path}, line {line}: {name} 2013 differs from the PCI "
                            "2013 summary sheet"
                        )
            notes.append(
                f"{PCI_CSV}: restored the province of {len(restored)} nameless 2013 "
                f"rows from the 'PCI 2013' summary sheet of {PCI_WORKBOOK} (every "
                "sub-index score and the total matched exactly one province)"
            )

    records = []
    dropped_unweighted = 0
    for line, name, year, values in rows:
        if not name and line not in restored:
            continue
        found = matcher.classify(name) if name else None
        if name and found is None:
            raise ValueError(f"{path}, line {line}, column prov: unknown province name {name!r}")
        if found is not None and found.kind != "province":
            notes.append(f"{PCI_CSV}, line {line}: left out {name!r} {year} ({found.note})")
            continue
        ident = restored.get(line) or found.id
        for column, value in values.items():
            if column == "pci_unweighted" and year not in PCI_UNWEIGHTED_YEARS:
                dropped_unweighted += 1
                continue
            records.append(_record(ident, column, year, value))
    notes.append(
        f"{PCI_CSV}: left out {dropped_unweighted} pci_unweighted values of years other "
        f"than {', '.join(map(str, PCI_UNWEIGHTED_YEARS))} (the compiling repository's "
        "own row sums, without Legal Institutions)"
    )
    frame = _frame(records)
    dupes = frame[frame.duplicated(["province_id", "indicator", "year"], keep=False)]
    if not dupes.empty:
        first = dupes.iloc[0]
        raise ValueError(
            f"{path}: {first.province_id} {first.indicator} {first.year} appears twice"
        )
    return Part(frame, notes)


# --- GSO monthly report: labour-use index by province -----------------------------------------


def _nfc(text: object) -> str:
    return unicodedata.normalize("NFC", str(text)) if text is not None else ""


def _sheet_rows(path: Path, sheet_suffix: str) -> tuple[str, list[tuple]] | None:
    """Rows of the sheet whose name ends with sheet_suffix (xlsx or xls), or None."""
    if path.suffix.lower() == ".xls":
        import xlrd

        book = xlrd.open_workbook(path)
        names = [n for n in book.sheet_names() if _nfc(n).strip().endswith(sheet_suffix)]
        if not names:
            return None
        sheet = book.sheet_by_name(names[0])
        return names[0], [tuple(sheet.row_values(i)) for i in range(sheet.nrows)]
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        names = [n for n in book.sheetnames if _nfc(n).strip().endswith(sheet_suffix)]
        if not names:
            return None
        return names[0], list(book[names[0]].iter_rows(values_only=True))
    finally:
        book.close()


def read_labour_use_sheet(path: Path, year: int, matcher: NameMatcher) -> Part:
    """Year-on-year labour-use index (1 December) per province from one December workbook."""
    found = _sheet_rows(path, "LĐCN_DP")
    if found is None:
        return Part(_frame([]), [f"{path.name}: no sheet LĐCN_DP, year {year} skipped"])
    sheet, rows = found
    # Find the column headed "... so với cùng thời điểm năm trước" and check its date.
    column = None
    header_rows = 0
    for number, row in enumerate(rows[:15]):
        for col, cell in enumerate(row):
            if "năm trước" in _nfc(cell):
                column, header_rows = col, number + 1
    if column is None:
        raise ValueError(f"{path}, sheet {sheet}: no column 'so với cùng thời điểm năm trước'")
    dates = {
        m
        for row in rows[:header_rows]
        for cell in row
        for m in re.findall(r"1/12/(\d{4})", _nfc(cell))
    }
    if dates != {str(year)}:
        raise ValueError(
            f"{path}, sheet {sheet}: header dates {sorted(dates)} do not match the "
            f"file's year {year}"
        )
    records, notes, seen = [], [], {}
    for number, row in enumerate(rows[header_rows:], start=header_rows + 1):
        label = _nfc(row[0]).strip() if row and row[0] is not None else ""
        value = row[column] if column < len(row) else None
        has_value = isinstance(value, int | float) and not isinstance(value, bool)
        if not label:
            continue
        match = matcher.classify(label)
        if match is None:
            if has_value:
                raise ValueError(
                    f"{path}, sheet {sheet}, row {number}: unknown province name {label!r}"
                )
            continue  # a title or continuation heading
        if match.kind not in ("province", "national"):
            continue
        if not has_value:
            if value not in (None, ""):
                raise ValueError(
                    f"{path}, sheet {sheet}, row {number}, column {column + 1}: "
                    f"{value!r} is not a number"
                )
            notes.append(f"{path.name}: no value for {match.id} in {year}")
            continue
        if match.id in seen:
            raise ValueError(
                f"{path}, sheet {sheet}, row {number}: {label!r} repeats row {seen[match.id]}"
            )
        seen[match.id] = number
        # A December report's figures for its own year are preliminary.
        records.append(
            _record(match.id, "industrial_labour_use_index", year, float(value), "preliminary")
        )
    missing = sorted(set(matcher.ids) - set(seen))
    if missing:
        notes.append(f"{path.name}: {year} has no row for {', '.join(missing)}")
    return Part(_frame(records), notes)


def labour_use_statistics(raw: Path, matcher: NameMatcher) -> Part:
    """The labour-use index for every December workbook in gso-monthly-2018-2024."""
    frames, notes = [], []
    files = sorted(p for p in (raw / MONTHLY).glob("*") if p.suffix.lower() in (".xls", ".xlsx"))
    if not files:
        raise FileNotFoundError(f"{raw / MONTHLY}: no workbooks")
    for path in files:
        match = re.match(r"(\d{4})-12-", path.name)
        if not match:
            raise ValueError(f"{path}: name does not start with YYYY-12- (December issue)")
        part = read_labour_use_sheet(path, int(match.group(1)), matcher)
        frames.append(part.rows)
        notes += part.notes
    return Part(pd.concat(frames, ignore_index=True), notes)


# --- PCI 2017-2022 and new enterprises (2016-2022 panel) -------------------------------------


def panel_statistics(raw: Path, matcher: NameMatcher, pci_rows: pd.DataFrame) -> Part:
    """pci_weighted 2017-2022 and new_enterprises 2016-2022, after the cross-checks."""
    from provbook.derive.pci_overall import (
        PANEL,
        PANEL_PCI_YEARS,
        PCI_VN,
        PCI_VN_CHECK_YEARS,
        cross_check,
        read_panel,
        read_pci_vn,
    )

    rows = read_panel(raw)
    panel_pci = {(ident, year): pci for _, ident, year, pci, _ in rows if pci is not None}
    weighted = pci_rows[pci_rows["indicator"] == "pci_weighted"]
    earlier = {
        (r.province_id, int(r.year)): float(r.value)
        for r in weighted.itertuples(index=False)
        if int(r.year) == 2016
    }
    n_2016 = cross_check(panel_pci, earlier, PCI_CSV)
    n_vn = cross_check(panel_pci, read_pci_vn(raw, matcher, PCI_VN_CHECK_YEARS), PCI_VN)
    notes = [
        f"{PANEL}: PCI equals {PCI_CSV} for 2016 in {n_2016} provinces and {PCI_VN} for "
        f"2017-2018 in {n_vn} province-years (two decimals)"
    ]
    records = []
    for _, ident, year, pci, ent in rows:
        if pci is not None and year in PANEL_PCI_YEARS:
            record = _record(ident, "pci_weighted", year, pci)
            record["source_id"] = PANEL_PCI_SOURCE
            records.append(record)
        if ent is not None:
            records.append(_record(ident, "new_enterprises", year, ent))
    return Part(_frame(records), notes)


# --- FIA year-end FDI reports ----------------------------------------------------------------


def fia_statistics(raw: Path, matcher: NameMatcher) -> Part:
    """The FIA's FDI indicators by province, 2015-2023, all preliminary."""
    from provbook.derive.fia import STATUS, fia_rows

    rows, notes = fia_rows(raw, matcher)
    return Part(_frame([_record(p, i, y, v, STATUS) for p, i, y, v in rows]), notes)


# --- all together ----------------------------------------------------------------------------


def indicators_table() -> pd.DataFrame:
    """indicators.csv rows, in the order of INDICATORS."""
    return pd.DataFrame(
        [
            {
                "indicator": k,
                "label": v[0],
                "unit": v[1],
                "description": v[2],
                "source_id": v[3],
                "decimals": DECIMALS[k],
                "aggregation": AGGREGATION[k],
            }
            for k, v in INDICATORS.items()
        ],
        columns=INDICATOR_COLUMNS,
    )


def build_statistics(raw: Path | str, matcher: NameMatcher, code_to_id: dict[int, str]) -> Part:
    """Every statistics row the raw folder supports, sorted by indicator, province, year."""
    raw = Path(raw)
    pci = pci_statistics(raw, matcher)
    parts = [
        pxweb_statistics(raw, matcher),
        population_statistics(raw, code_to_id, matcher),
        grdp_statistics(raw, code_to_id, matcher),
        pci,
        panel_statistics(raw, matcher, pci.rows),
        labour_use_statistics(raw, matcher),
        fia_statistics(raw, matcher),
    ]
    frame = pd.concat([p.rows for p in parts], ignore_index=True)
    frame["value"] = [
        round_published(v, DECIMALS[i])
        for v, i in zip(frame["value"], frame["indicator"], strict=True)
    ]
    unknown = sorted(set(frame["indicator"]) - set(INDICATORS))
    if unknown:
        raise ValueError(f"indicators without a definition: {unknown}")
    dupes = frame[frame.duplicated(["province_id", "indicator", "year"], keep=False)]
    if not dupes.empty:
        raise ValueError(f"duplicate statistics keys:\n{dupes.head(10).to_string()}")
    frame = frame.sort_values(["indicator", "province_id", "year"], ignore_index=True)
    return Part(frame, [n for p in parts for n in p.notes])
