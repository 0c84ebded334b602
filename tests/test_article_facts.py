"""The hand-extracted article tables: contract, cross-references and facts checked by hand.

The spot facts were read off the five seed articles; they guard against a figure being mistyped,
moved to the wrong province or lost when the tables are edited. Which provinces and sources exist
is read from data/, so adding a province or a source never fails a test here.
"""

from __future__ import annotations

import csv
import json
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# $PROVBOOK_DATA: the same checks on another data folder (a user's, or a test's copy).
DATA = Path(os.environ.get("PROVBOOK_DATA") or ROOT / "data")
#: resource name -> (id column, id prefix); None where the key is not a single id column.
TABLES = {
    "documents": ("document_id", "doc"),
    "targets": ("target_id", "tgt"),
    "results": ("result_id", "res"),
    "parks": ("park_id", "park"),
    "projects": ("project_id", "prj"),
    "priorities": (None, None),
}
PACKAGE = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in PACKAGE["resources"]}


def read(name: str) -> list[dict[str, str]]:
    """Rows of a resource as text, read exactly as the contract's path says."""
    with open(DATA / RESOURCES[name]["path"], encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def header(name: str) -> list[str]:
    with open(DATA / RESOURCES[name]["path"], encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def one(table: str, /, **match: str) -> dict[str, str]:
    """The single row whose columns equal the given text."""
    rows = [r for r in read(table) if all(r[k] == v for k, v in match.items())]
    assert len(rows) == 1, f"{table}: expected one row matching {match}, found {len(rows)}"
    return rows[0]


def num(text: str) -> float:
    return float(text)


# Derived from data/, never pinned: a sixth province or a second source must not fail a test.
PROVINCES = {r["province_id"] for r in read("provinces")}
#: Sources about one province (articles, pages, the province's own documents), by id.
PROVINCE_SOURCES = {r["source_id"]: r["province_id"] for r in read("sources") if r["province_id"]}
FACT_PROVINCES = {r["province_id"] for name in TABLES for r in read(name)}


# ------------------------------------------------------------------ contract and references


@pytest.mark.parametrize("name", [*TABLES, "sources", "codes"])
def test_header_is_the_contract(name: str) -> None:
    fields = [f["name"] for f in RESOURCES[name]["schema"]["fields"]]
    assert header(name) == fields


@pytest.mark.parametrize("name", [*TABLES, "sources", "codes"])
def test_files_are_utf8_without_bom(name: str) -> None:
    raw = (DATA / RESOURCES[name]["path"]).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    raw.decode("utf-8")


@pytest.mark.parametrize("name", [*TABLES, "codes"])
def test_typed_columns_parse(name: str) -> None:
    """Integers hold integers, numbers use '.' decimals, enums hold allowed values."""
    fields = RESOURCES[name]["schema"]["fields"]
    for line, row in enumerate(read(name), start=2):
        for f in fields:
            value, c = row[f["name"]], f.get("constraints", {})
            if value == "":
                assert not c.get("required"), f"{name}:{line} {f['name']} is required"
                continue
            if f["type"] == "integer":
                assert re.fullmatch(r"-?\d+", value), f"{name}:{line} {f['name']}={value!r}"
            if f["type"] == "number":
                assert re.fullmatch(r"-?\d+(\.\d+)?", value), f"{name}:{line} {f['name']}={value!r}"
                number = float(value)
                assert number >= c.get("minimum", number), f"{name}:{line} {f['name']}"
                assert number <= c.get("maximum", number), f"{name}:{line} {f['name']}"
            if "enum" in c:
                assert value in c["enum"], f"{name}:{line} {f['name']}={value!r}"
            if "pattern" in c:
                assert re.fullmatch(c["pattern"], value), f"{name}:{line} {f['name']}={value!r}"


@pytest.mark.parametrize("name", TABLES)
def test_rows_cite_a_source_of_their_province(name: str) -> None:
    """Any number of sources per province; each fact cites one about its own province."""
    sources = {r["source_id"]: r for r in read("sources")}
    rows = read(name)
    assert rows, f"{name} is empty"
    for row in rows:
        assert row["province_id"] in PROVINCES, row
        assert row["source_id"] in sources, row
        assert PROVINCE_SOURCES.get(row["source_id"]) == row["province_id"], row


@pytest.mark.parametrize("name", [n for n, (col, _) in TABLES.items() if col])
def test_ids_are_unique_and_follow_the_convention(name: str) -> None:
    column, prefix = TABLES[name]
    ids = [r[column] for r in read(name)]
    assert len(ids) == len(set(ids)), f"duplicate ids in {name}"
    for row in read(name):
        assert re.fullmatch(rf"{prefix}-{row['province_id']}-\d{{2,}}", row[column]), row[column]


def test_every_article_province_has_an_article_and_every_article_is_described() -> None:
    assert FACT_PROVINCES <= set(PROVINCE_SOURCES.values())
    rows = read("sources")
    ids = [r["source_id"] for r in rows]
    assert len(ids) == len(set(ids))
    for row in rows:
        if not row["province_id"]:  # statistics and national documents
            assert row["kind"] != "article", row["source_id"]
            continue
        assert row["province_id"] in PROVINCES, row["source_id"]
        if row["seed_file"]:
            assert re.fullmatch(r"\d{3}_[0-9a-f]{16}\.txt", row["seed_file"]), row["seed_file"]
        for column in ("outlet", "author", "title", "date", "url"):
            assert row[column], f"{row['source_id']}: {column} must be a value or 'unknown'"
        # An address, a copy's address, or a note that says why there is none.
        assert row["url"] != "unknown" or row["copy_url"] or row["url_note"], row["source_id"]


def test_target_ranges_and_kinds_agree() -> None:
    for row in read("targets"):
        low, high = row["low"], row["high"]
        if row["kind"] == "qualitative":
            assert low == high == "" and row["unit"] == "", row["target_id"]
            continue
        assert low and high and row["unit"], row["target_id"]
        assert num(low) <= num(high), row["target_id"]
        if row["kind"] in ("share_of_grdp", "share"):
            assert 0 <= num(low) <= num(high) <= 100, row["target_id"]


def test_target_documents_exist_for_the_same_province() -> None:
    documents = {r["document_id"]: r["province_id"] for r in read("documents")}
    for row in read("targets"):
        if row["document_id"]:
            assert documents.get(row["document_id"]) == row["province_id"], row["target_id"]


def test_periods_are_ordered() -> None:
    for name in ("documents", "targets", "results"):
        for row in read(name):
            if row["period_start"] and row["period_end"]:
                assert int(row["period_start"]) <= int(row["period_end"]), row


def test_priorities_use_known_codes_once_per_province() -> None:
    codes = {r["code"]: r["dimension"] for r in read("codes")}
    keys = [(r["province_id"], r["code"]) for r in read("priorities")]
    assert len(keys) == len(set(keys))
    assert {code for _, code in keys} <= set(codes)
    for row in read("priorities"):
        assert row["evidence"].strip(), row


def test_codebook_covers_the_required_codes() -> None:
    codes = {r["code"]: r["dimension"] for r in read("codes")}
    sectors = {
        "renewable_energy",
        "seafood_processing",
        "agro_food_processing",
        "textiles_garments",
        "leather_footwear",
        "mechanical_engineering",
        "electronics",
        "metals_alumina",
        "wood_processing",
        "pharmaceuticals",
        "handicrafts_craft_villages",
        "high_tech",
        "supporting_industries",
        "logistics_ports",
    }
    instruments = {
        "industrial_zone_infrastructure",
        "investment_promotion",
        "administrative_reform",
        "land_clearance",
        "credit_incentives",
        "training",
        "science_technology",
        "green_growth",
    }
    assert {c for c in sectors if codes.get(c) == "sector"} == sectors
    assert {c for c in instruments if codes.get(c) == "instrument"} == instruments


# ------------------------------------------------------------------ spot facts (read by hand)


def test_long_an_2030_restructuring_targets() -> None:
    manufacturing = one("targets", province_id="long-an", indicator="Manufacturing share of GRDP")
    assert (num(manufacturing["low"]), num(manufacturing["high"])) == (46, 48)
    assert manufacturing["target_year"] == "2030"
    index = one("targets", province_id="long-an", indicator="Industrial production index growth")
    assert (num(index["low"]), num(index["high"]), index["unit"]) == (13, 13, "% per year")
    energy = one("targets", province_id="long-an", indicator="Energy industry share of GRDP")
    assert num(energy["low"]) == 11
    intensity = one(
        "targets", province_id="long-an", indicator="Energy consumption per unit of GRDP"
    )
    assert (num(intensity["low"]), num(intensity["high"])) == (-1.5, -1)
    plan = one("documents", document_id=index["document_id"])
    assert "Tái cơ cấu ngành công thương" in plan["title_vi"]


def test_long_an_2025_industry_share_from_the_party_congress() -> None:
    row = one("targets", province_id="long-an", indicator="Industry and construction share of GRDP")
    assert (num(row["low"]), row["target_year"], row["kind"]) == (60.5, "2025", "share_of_grdp")
    congress = one("documents", document_id=row["document_id"])
    assert congress["doc_type"] == "resolution" and "lần thứ XI" in congress["title_vi"]


def test_long_an_decision_121() -> None:
    row = one("documents", number="121/QĐ-UBND")
    assert row["province_id"] == "long-an"
    assert (row["issued_date"], row["period_start"], row["period_end"]) == (
        "2021-01-08",
        "2021",
        "2025",
    )


def test_lam_dong_manufacturing_growth_ranges() -> None:
    expected = {
        ("Manufacturing growth", "2025"): (11.9, 12.3),
        ("Manufacturing growth", "2030"): (14.7, 16.5),
        ("Manufacturing export growth", "2025"): (13, 14),
        ("Manufacturing export growth", "2030"): (14, 15),
    }
    for (indicator, year), bounds in expected.items():
        row = one("targets", province_id="lam-dong", indicator=indicator, target_year=year)
        assert (num(row["low"]), num(row["high"])) == bounds
        assert row["kind"] == "annual_growth"


def test_lam_dong_alumina_expansion() -> None:
    now = one("projects", province_id="lam-dong", name="Nhà máy chế biến Alumin")
    later = one("projects", province_id="lam-dong", name="Mở rộng Nhà máy chế biến Alumin")
    assert (num(now["capacity"]), num(later["capacity"])) == (650000, 800000)
    target = one("targets", province_id="lam-dong", indicator="Alumina production capacity")
    assert num(target["high"]) == 800000


def test_soc_trang_2017_results() -> None:
    production = one("results", province_id="soc-trang", indicator="Industrial production value")
    assert num(production["value"]) == 27236 and production["unit"] == "VND billion"
    assert num(production["share_of_plan_pct"]) == pytest.approx(100.87)
    assert num(production["change_prev_year_pct"]) == pytest.approx(10.35)
    assert production["period_end"] == "2017"
    seafood = one("results", province_id="soc-trang", indicator="Seafood export value")
    assert (num(seafood["value"]), seafood["unit"]) == (570, "USD million")
    assert num(seafood["share_of_plan_pct"]) == pytest.approx(98.28)
    assert num(seafood["change_prev_year_pct"]) == pytest.approx(-5.47)
    imports = one("results", province_id="soc-trang", indicator="Goods import value")
    assert num(imports["change_prev_year_pct"]) == pytest.approx(-39.39)


def test_soc_trang_wind_and_solar() -> None:
    wind = [r for r in read("projects") if r["category"] == "wind_power"]
    assert {r["province_id"] for r in wind} == {"soc-trang"}
    assert max(int(r["count"]) for r in wind if r["count"]) == 13
    solar = one("projects", province_id="soc-trang", category="solar_power")
    assert solar["count"] == "8"
    plan = one("documents", number="06/KH-UBND")
    assert (plan["province_id"], plan["issued_date"]) == ("soc-trang", "2016-01-13")


def test_bac_kan_clusters_match_the_count_reported() -> None:
    established = one("results", province_id="bac-kan", indicator="Industrial clusters established")
    clusters = [
        r for r in read("parks") if r["province_id"] == "bac-kan" and r["park_type"] == "CCN"
    ]
    assert len(clusters) == int(num(established["value"])) == 6
    areas = {r["name"]: num(r["area_ha"]) for r in clusters if r["area_ha"]}
    assert areas == {
        "Cụm công nghiệp Quảng Chu": 74.4,
        "Cụm công nghiệp Cẩm Giàng": 43,
        "Cụm công nghiệp Thanh Thịnh": 50,
        "Cụm công nghiệp Vằng Mười": 15,
        "Cụm công nghiệp Nam Bằng Lũng": 20,
    }
    quang_chu = one("parks", name="Cụm công nghiệp Quảng Chu")
    assert (quang_chu["district"], quang_chu["expected_year"]) == ("huyện Chợ Mới", "2025")


def test_bac_kan_money_and_projects() -> None:
    approved = one("projects", province_id="bac-kan", category="investment_aggregate", count="21")
    assert (num(approved["investment"]), approved["investment_unit"]) == (2921, "VND billion")
    infrastructure = one("projects", province_id="bac-kan", category="infrastructure")
    assert (num(infrastructure["investment"]), infrastructure["count"]) == (322, "3")
    thanh_binh = one("parks", name="Khu công nghiệp Thanh Bình giai đoạn I")
    assert (num(thanh_binh["cost"]), thanh_binh["expected_year"]) == (58, "2024")


def test_bac_lieu_clean_energy_goals_and_conclusion_64() -> None:
    goals = [
        r
        for r in read("targets")
        if r["province_id"] == "bac-lieu" and r["indicator"] == "Clean energy centre"
    ]
    assert sorted(r["target_year"] for r in goals) == ["2025", "2030"]
    assert {r["kind"] for r in goals} == {"qualitative"}
    conclusion = one("documents", province_id="bac-lieu", doc_type="conclusion")
    assert conclusion["number"] == "64"


def test_bac_kan_source_is_dated_and_signed() -> None:
    source = one("sources", source_id="art_bac_kan")
    assert (source["date"], source["author"], source["outlet"]) == (
        "2023-11-28",
        "Quý Đôn",
        "Báo Bắc Kạn",
    )
    for sid in ("art_bac_lieu", "art_long_an"):
        assert one("sources", source_id=sid)["date"] == "unknown"


def test_long_an_priority_sectors_are_coded() -> None:
    coded = {r["code"] for r in read("priorities") if r["province_id"] == "long-an"}
    assert {
        "textiles_garments",
        "leather_footwear",
        "mechanical_engineering",
        "electronics",
        "packaging_plastics",
        "supporting_industries",
        "lng_power",
        "clean_water",
        "land_clearance",
    } <= coded
    bac_kan = {r["code"] for r in read("priorities") if r["province_id"] == "bac-kan"}
    assert {"electronics", "wood_processing", "pharmaceuticals"} <= bac_kan


# ------------------------------------------------------------------ facts fixed by the audit
# Each test below guards one row the line-by-line audit (data/AUDIT.md) added or corrected.


def test_long_an_restructuring_scheme_is_its_own_document() -> None:
    scheme = one("documents", document_id="doc-long-an-06")
    assert (scheme["province_id"], scheme["doc_type"]) == ("long-an", "project")
    assert scheme["title_vi"].startswith("Đề án Tái cơ cấu ngành công thương tỉnh Long An")
    assert (scheme["period_start"], scheme["period_end"]) == ("", "2030")
    plan = one("documents", document_id="doc-long-an-04")
    assert "doc-long-an-06" in plan["note"]


def test_long_an_socio_economic_plan_2021_2025_is_listed() -> None:
    plan = one("documents", document_id="doc-long-an-07")
    assert (plan["doc_type"], plan["period_start"], plan["period_end"]) == ("plan", "2021", "2025")
    assert plan["title_vi"] == "Kế hoạch phát triển kinh tế - xã hội giai đoạn 2021-2025"
    assert plan["number"] == plan["issued_date"] == ""
    programme = one("documents", number="121/QĐ-UBND")
    assert "doc-long-an-07" in programme["note"]


def test_long_an_cluster_regulation_is_listed_without_invented_details() -> None:
    rule = one("documents", document_id="doc-long-an-08")
    assert (rule["doc_type"], rule["title_vi"]) == ("other", "Quy chế quản lý cụm công nghiệp")
    assert rule["number"] == rule["issued_by"] == rule["issued_date"] == ""
    assert rule["period_start"] == rule["period_end"] == ""


def test_long_an_planning_evidence_keeps_the_2030_priority_list() -> None:
    row = one("priorities", province_id="long-an", code="planning")
    assert "2021-2030" in row["evidence"] and "to 2030" in row["evidence"]


def test_lam_dong_is_not_coded_for_agro_food_processing() -> None:
    """Machinery 'serving farming and processing' names no farm or food product."""
    coded = {r["code"] for r in read("priorities") if r["province_id"] == "lam-dong"}
    assert "agro_food_processing" not in coded
    assert {"manufacturing_general", "mechanical_engineering"} <= coded
    assert len(coded) == 15


def test_bac_kan_green_growth_is_coded_but_achievements_are_not() -> None:
    coded = {r["code"] for r in read("priorities") if r["province_id"] == "bac-kan"}
    assert "green_growth" in coded
    assert not coded & {"science_technology", "agro_food_processing", "leather_footwear"}
    assert len(coded) == 11


def test_bac_lieu_states_only_four_figures() -> None:
    """Conclusion 64, 'more than 3 years' of it, and the 2025 and 2030 clean-energy goals."""
    note = one("sources", source_id="art_bac_lieu")["note"]
    assert "more than 3 years" in note and "2025" in note and "2030" in note
    conclusion = one("documents", document_id="doc-bac-lieu-01")
    assert conclusion["number"] == "64" and "more than 3 years" in conclusion["note"]
    assert [r for r in read("results") if r["province_id"] == "bac-lieu"] == []


# ------------------------------------------------------------------ second audit (data/AUDIT.md)


def test_soc_trang_power_and_manufacturing_are_parallel_not_ranked() -> None:
    """'điện song song với ... chế biến, chế tạo': in parallel, not power first."""
    note = one("documents", document_id="doc-soc-trang-01")["note"]
    evidence = one("priorities", province_id="soc-trang", code="power_energy")["evidence"]
    for text in (note, evidence, one("targets", target_id="tgt-soc-trang-01")["note"]):
        assert "parallel" in text and "power industry first" not in text


def test_soc_trang_viewpoint_builds_on_a_focus_on_power() -> None:
    """'trên cơ sở tập trung phát triển ngành công nghiệp điện song song với ...': the source
    builds industry on a focus on the power industry, processing in parallel; it does not say
    that neither is put first."""
    note = one("documents", document_id="doc-soc-trang-01")["note"]
    evidence = one("priorities", province_id="soc-trang", code="power_energy")["evidence"]
    for text in (note, evidence, one("targets", target_id="tgt-soc-trang-01")["note"]):
        assert "focus on the power industry" in text and "parallel" in text
        assert "neither" not in text


def test_long_an_energy_intensity_is_per_unit_of_grdp() -> None:
    row = one("targets", target_id="tgt-long-an-06")
    assert row["indicator"] == "Energy consumption per unit of GRDP"
    assert "growth" not in row["indicator"]


def test_soc_trang_inferred_year_is_said_in_each_row() -> None:
    for number in range(2, 6):
        row = one("results", result_id=f"res-soc-trang-0{number}")
        assert row["period_end"] == "2017" and "2017 inferred" in row["note"], row["result_id"]


def test_bac_kan_zoning_plans_record_both_readings() -> None:
    note = one("targets", target_id="tgt-bac-kan-03")["note"]
    assert "(a)" in note and "(b)" in note and "already" in note and "reading (a)" in note


def test_lam_dong_brand_is_named() -> None:
    brand = "Đà Lạt - kết tinh kỳ diệu từ đất lành"
    target = one("targets", target_id="tgt-lam-dong-16")
    assert brand in target["indicator_vi"] and target["document_id"] == "doc-lam-dong-01"
    assert (
        brand
        in one("priorities", province_id="lam-dong", code="trade_export_promotion")["evidence"]
    )


def test_bac_kan_achievements_are_recorded_but_not_coded() -> None:
    names = {r["name"] for r in read("projects") if r["province_id"] == "bac-kan"}
    assert {"Sản xuất chì kim loại", "Tuyển khoáng", "Sản xuất curcumin"} <= names
    ocop = [n for n in names if "OCOP" in n]
    assert len(ocop) == 1 and "nông, lâm sản" in ocop[0]


def test_soc_trang_cluster_infrastructure_is_judged_like_investment_promotion() -> None:
    """Both rest on 'helping firms call for investment in cluster infrastructure', which the
    audit reads as an effect of industrial promotion: neither is coded."""
    coded = {r["code"] for r in read("priorities") if r["province_id"] == "soc-trang"}
    assert not coded & {"industrial_zone_infrastructure", "investment_promotion"}
    assert "industrial_promotion" in coded


def test_soc_trang_cluster_infrastructure_clause_stays_as_promotion_evidence() -> None:
    """data/AUDIT.md item 8: the clause stays as evidence under industrial_promotion."""
    evidence = one("priorities", province_id="soc-trang", code="industrial_promotion")["evidence"]
    assert "call for investment in industrial-cluster infrastructure" in evidence


def test_bac_lieu_renewable_energy_is_especially_not_first() -> None:
    evidence = one("priorities", province_id="bac-lieu", code="renewable_energy")["evidence"]
    assert "especially" in evidence and "first" not in evidence


def test_bac_kan_six_clusters_in_all() -> None:
    evidence = one("priorities", province_id="bac-kan", code="industrial_zone_infrastructure")[
        "evidence"
    ]
    assert "6 established clusters" in evidence and "five more" not in evidence


def test_qualifiers_are_kept_beside_the_numbers() -> None:
    """khoảng = about, gần = just under, trên = more than (read off the articles)."""
    assert one("targets", target_id="tgt-long-an-04")["qualifier"] == "about"
    assert one("targets", target_id="tgt-long-an-05")["qualifier"] == "about"
    assert one("targets", target_id="tgt-long-an-03")["qualifier"] == ""
    assert one("parks", park_id="park-bac-kan-01")["cost_qualifier"] == "just_under"
    assert one("projects", project_id="prj-bac-kan-01")["investment_qualifier"] == "more_than"
    assert one("projects", project_id="prj-bac-kan-03")["investment_qualifier"] == "about"
    assert one("parks", park_id="park-bac-kan-04")["area_qualifier"] == ""


def test_article_addresses_follow_the_provenance_notes() -> None:
    """Original address where found, the copy we read where not, and why."""
    bac_lieu = one("sources", source_id="art_bac_lieu")
    assert bac_lieu["url"] == "unknown" and "dnulib.edu.vn" in bac_lieu["copy_url"]
    lam_dong = one("sources", source_id="art_lam_dong")
    assert lam_dong["url"] == "unknown" and "dalat-info.gov.vn" in lam_dong["copy_url"]
    assert "baodautu.vn" in lam_dong["url_note"]
    soc_trang = one("sources", source_id="art_soc_trang")
    assert soc_trang["url"].startswith("http://nscl.vn/") and soc_trang["date"] == "unknown"
    long_an = one("sources", source_id="art_long_an")
    assert long_an["url"] == "unknown" and long_an["copy_url"] == ""
    assert "not found" in long_an["url_note"]
