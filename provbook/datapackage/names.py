"""Province names: ASCII folding, slugs, and matching the many spellings statistics tables use.

GSO, PCI and map files spell the same province differently ("Ho Chi Minh city", "TP HCM", "HCMC",
"Thua Thien - Hue", "TT-Hue", "Hòa Bình"/"Hoà Bình"...). Everything here reduces a name to one
comparison key so that a table can be joined on province ids without hand-editing, and so that a
name we do not know is reported instead of being dropped.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

#: Id used in statistics.csv for the whole-country figure.
NATIONAL_ID = "vietnam"

_PREFIX = re.compile(r"^(tinh|thanh pho|tp\.?)\s+", re.IGNORECASE)
_SUFFIX = re.compile(r"\s+(city|province)$", re.IGNORECASE)

#: Spellings that plain folding does not reduce to the province's own name.
PROVINCE_ALIASES: dict[str, str] = {
    "HCMC": "ho-chi-minh",
    "HCM": "ho-chi-minh",
    "TP HCM": "ho-chi-minh",
    "TP.HCM": "ho-chi-minh",
    "Sai Gon": "ho-chi-minh",
    "BRVT": "ba-ria-vung-tau",
    "TT-Hue": "thua-thien-hue",
    # Thừa Thiên Huế became the centrally-run city Huế on 2025-01-01; map files use the new name.
    "Huế": "thua-thien-hue",
}

#: Rows that stand for the whole country.
NATIONAL_NAMES = ("WHOLE COUNTRY", "Cả nước", "Toàn quốc", "Vietnam", "Viet Nam")

#: GSO's six socio-economic regions, as the English and Vietnamese tables write them.
REGION_NAMES = (
    "Red River Delta",
    "Northern midlands and mountain areas",
    "Northern midlands and moutain areas",  # sic, in some GSO exports
    "Northern Midlands and Mountains",
    "Northern Central area and Central coastal area",
    "North Central area and Central coastal area",
    "North Central and Central coastal areas",
    "North Central and Central Coast",
    "Central Highlands",
    "South East",
    "Mekong River Delta",
    "Đồng bằng sông Hồng",
    "Trung du và miền núi phía Bắc",
    "Bắc Trung Bộ và Duyên hải miền Trung",
    "Tây Nguyên",
    "Đông Nam Bộ",
    "Đồng bằng sông Cửu Long",
)

#: Provinces that no longer exist in the 63-province list (figures cannot be attributed).
FORMER_PROVINCES = {"Ha Tay": "Hà Tây, merged into Hà Nội on 2008-08-01"}

#: Rows that are neither a province nor a region (e.g. offshore oil and gas FDI projects).
OTHER_NAMES = {
    "Oil & Gas": "offshore oil and gas projects, not attributed to a province",
    "Oil and gas": "offshore oil and gas projects, not attributed to a province",
    "Dầu khí": "offshore oil and gas projects, not attributed to a province",
}


#: A letter that Vietnamese writes and English does not: any letter with a diacritic, and đ.
VIETNAMESE_LETTER = re.compile(r"[À-ỹđĐ]")
_LETTERS = re.compile(r"[^\W\d_]+")


def is_vietnamese(text: str) -> bool:
    """Is ``text`` (a title) written in Vietnamese? True when at least half of its words carry a
    Vietnamese letter: 'Báo cáo tình hình kinh tế - xã hội tháng 12' is, 'Vietnam province
    boundaries' is not, nor is an English headline that names a place ('Quickly bringing
    Resolution of Điện Biên provincial Party Congress to life')."""
    words = _LETTERS.findall(unicodedata.normalize("NFC", str(text)))
    return bool(words) and 2 * sum(bool(VIETNAMESE_LETTER.search(w)) for w in words) >= len(words)


def fold(text: str) -> str:
    """Strip Vietnamese diacritics (đ -> d) and keep everything else."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.replace("đ", "d").replace("Đ", "D")


def strip_admin_prefix(name: str) -> str:
    """Drop a leading "Tỉnh", "Thành phố" or "TP" (with or without diacritics)."""
    name = " ".join(name.split())
    folded = fold(name)
    match = _PREFIX.match(folded)
    return name[match.end() :] if match else name


def slugify(name_vi: str) -> str:
    """Province id from a Vietnamese name: "Tỉnh Bà Rịa - Vũng Tàu" -> "ba-ria-vung-tau"."""
    ascii_name = fold(strip_admin_prefix(name_vi)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")
    if not slug:
        raise ValueError(f"cannot make an id from name {name_vi!r}")
    return slug


def name_key(name: str) -> str:
    """Comparison key: folded, lowercase, prefix and 'city' dropped, letters and digits only."""
    text = fold(" ".join(str(name).replace("\ufeff", "").split()))
    text = _PREFIX.sub("", text)
    text = _SUFFIX.sub("", text)
    return re.sub(r"[^a-z0-9]+", "", text.lower())


@dataclass(frozen=True)
class Match:
    """What a row label stands for: kind is province, national, region, former or other."""

    kind: str
    id: str | None
    note: str = ""


class NameMatcher:
    """Map row labels of statistics tables to ids (provinces or 2025 units).

    Built from every known name of each id plus aliases. Two ids claiming one key is a bug in
    the name list and raises at construction, so a match is never ambiguous.
    """

    def __init__(
        self,
        names: Mapping[str, Iterable[str]],
        aliases: Mapping[str, str] | None = None,
    ) -> None:
        self._ids: dict[str, str] = {}
        for ident, spellings in names.items():
            for spelling in [ident, *spellings]:
                self._add(name_key(spelling), ident)
        for spelling, ident in (aliases or {}).items():
            if ident in names:
                self._add(name_key(spelling), ident)
        self._other: dict[str, Match] = {}
        for spelling in NATIONAL_NAMES:
            self._other[name_key(spelling)] = Match("national", NATIONAL_ID)
        for spelling in REGION_NAMES:
            self._other[name_key(spelling)] = Match("region", None, "socio-economic region")
        for spelling, note in FORMER_PROVINCES.items():
            self._other[name_key(spelling)] = Match("former", None, note)
        for spelling, note in OTHER_NAMES.items():
            self._other[name_key(spelling)] = Match("other", None, note)

    def _add(self, key: str, ident: str) -> None:
        if not key:
            return
        known = self._ids.get(key)
        if known is not None and known != ident:
            raise ValueError(f"name key {key!r} would match both {known!r} and {ident!r}")
        self._ids[key] = ident

    @property
    def ids(self) -> list[str]:
        """All ids this matcher can return for a province row."""
        return sorted(set(self._ids.values()))

    def classify(self, name: str) -> Match | None:
        """Return what the label stands for, or None when it is unknown."""
        key = name_key(name)
        if key in self._ids:
            return Match("province", self._ids[key])
        return self._other.get(key)

    def province_id(self, name: str) -> str | None:
        """The id for a province label, or None (national, region and unknown rows alike)."""
        found = self.classify(name)
        return found.id if found is not None and found.kind == "province" else None


def load_matcher(provinces_csv: Path | str | None = None) -> NameMatcher:
    """Matcher for the 63 provinces listed in provinces.csv (default: the repository's data/)."""
    if provinces_csv is None:
        from provbook import ROOT

        provinces_csv = ROOT / "data" / "provinces.csv"
    path = Path(provinces_csv)
    if not path.exists():
        raise FileNotFoundError(f"{path}: province list not found (needed to match names)")
    names: dict[str, list[str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"province_id", "name_vi", "name_ascii"} - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        for row in reader:
            names[row["province_id"]] = [row["name_vi"], row["name_ascii"]]
    return NameMatcher(names, PROVINCE_ALIASES)


#: Short province codes of the 2016-2022 PCI/enterprise panel (Dataset.dta, column ``name``).
#: They are abbreviations, not names, so plain matching cannot work; every code is listed.
PANEL_CODES: dict[str, str] = {
    "HNOI": "ha-noi",
    "VPHUC": "vinh-phuc",
    "BNINH": "bac-ninh",
    "QNINH": "quang-ninh",
    "HDUONG": "hai-duong",
    "HPHONG": "hai-phong",
    "HYEN": "hung-yen",
    "TBINH": "thai-binh",
    "HNAM": "ha-nam",
    "NĐINH": "nam-dinh",
    "NBINH": "ninh-binh",
    "HGIANG": "ha-giang",
    "CBANG": "cao-bang",
    "BKAN": "bac-kan",
    "TQUANG": "tuyen-quang",
    "LCAI": "lao-cai",
    "YBAI": "yen-bai",
    "TNGUYEN": "thai-nguyen",
    "LSON": "lang-son",
    "BGIANG": "bac-giang",
    "PTHO": "phu-tho",
    "ĐBIEN": "dien-bien",
    "LCHAU": "lai-chau",
    "SLA": "son-la",
    "HBINH": "hoa-binh",
    "THOA": "thanh-hoa",
    "NAN": "nghe-an",
    "HTINH": "ha-tinh",
    "QBINH": "quang-binh",
    "QTRI": "quang-tri",
    "TTHUE": "thua-thien-hue",
    "ĐNANG": "da-nang",
    "QNAM": "quang-nam",
    "QNGAI": "quang-ngai",
    "BĐINH": "binh-dinh",
    "PYEN": "phu-yen",
    "KHOA": "khanh-hoa",
    "NTHUAN": "ninh-thuan",
    "BTHUAN": "binh-thuan",
    "KTUM": "kon-tum",
    "GLAI": "gia-lai",
    "ĐLAK": "dak-lak",
    "ĐNONG": "dak-nong",
    "LĐONG": "lam-dong",
    "BPHUOC": "binh-phuoc",
    "TNINH": "tay-ninh",
    "BDUONG": "binh-duong",
    "ĐNAI": "dong-nai",
    "BRVT": "ba-ria-vung-tau",
    "HCM": "ho-chi-minh",
    "LAN": "long-an",
    "TGIANG": "tien-giang",
    "BTRE": "ben-tre",
    "TVINH": "tra-vinh",
    "VLONG": "vinh-long",
    "ĐTHAP": "dong-thap",
    "AGIANG": "an-giang",
    "KGIANG": "kien-giang",
    "CTHO": "can-tho",
    "HAUGIANG": "hau-giang",
    "STRANG": "soc-trang",
    "BLIEU": "bac-lieu",
    "CMAU": "ca-mau",
}
