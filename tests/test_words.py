"""The catalogues of words (provbook/words): the languages agree key by key and field by field."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from provbook import words
from provbook.text import LOCALES
from provbook.words import WordsError, say

PACKAGE = Path(words.__file__).resolve().parents[1]


def test_say_fills_fields_and_picks_the_plural_form_of_each_language(tmp_path, monkeypatch):
    (tmp_path / "en").mkdir()
    (tmp_path / "vi").mkdir()
    (tmp_path / "en" / "t.toml").write_text(
        'parks = { one = "{count} park in {name}", other = "{count} parks in {name}" }\n'
        '[status]\nplanned = "planned"\n',
        encoding="utf-8",
    )
    (tmp_path / "vi" / "t.toml").write_text(
        'parks = { other = "{count} khu công nghiệp ở {name}" }\n[status]\nplanned = "quy hoạch"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(words, "HERE", tmp_path)
    monkeypatch.setattr(words.entry, "__defaults__", (tmp_path,))
    assert say("t.parks", "en", count=1, name="Long An") == "1 park in Long An"
    assert say("t.parks", "en", count=3, name="Long An") == "3 parks in Long An"
    assert say("t.parks", "vi", count=1, name="Long An") == "1 khu công nghiệp ở Long An"
    assert say("t.status.planned", "vi") == "quy hoạch"
    with pytest.raises(WordsError, match="needs the field 'name'"):
        say("t.parks", "en", count=2)
    with pytest.raises(WordsError, match="no entry 'status.built'"):
        say("t.status.built", "en")
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        say("t.status.planned", "fr")


def test_every_language_has_the_same_areas_keys_and_fields():
    assert words.differences() == []


def test_a_key_area_or_field_in_one_language_only_is_named(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "vi").mkdir()
    (tmp_path / "en" / "t.toml").write_text(
        '[a]\nboth = "{name} both"\nonly_en = "only"\n', encoding="utf-8"
    )
    (tmp_path / "vi" / "t.toml").write_text(
        '[a]\nboth = "cả hai"\nonly_vi = "chỉ có"\n', encoding="utf-8"
    )
    (tmp_path / "vi" / "extra.toml").write_text('x = "thêm"\n', encoding="utf-8")
    found = words.differences(tmp_path)
    assert f"{tmp_path / 'vi'}: area 'extra' has no English catalogue" in found
    assert f"{tmp_path / 'vi' / 't.toml'}: lacks 'a.only_en'" in found
    assert f"{tmp_path / 'vi' / 't.toml'}: has 'a.only_vi', which English has not" in found
    assert (
        f"{tmp_path / 'vi' / 't.toml'}: 'a.both' has the fields [] where English has ['name']"
        in found
    )
    assert len(found) == 4, found
    (tmp_path / "vi" / "extra.toml").unlink()
    (tmp_path / "vi" / "t.toml").unlink()
    assert words.differences(tmp_path) == [
        f"{tmp_path / 'vi'}: no catalogue for area 't' (English has {tmp_path / 'en' / 't.toml'})"
    ]


def language_keyed_word_tables(tree: ast.Module) -> list[str]:
    """Module-level names bound to a dict literal keyed by the book's languages whose values are
    dicts (a table of words per edition, which belongs in provbook/words/<lang>/)."""
    found = []
    for node in tree.body:
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        if not isinstance(value, ast.Dict) or not value.keys:
            continue
        keys = {k.value for k in value.keys if isinstance(k, ast.Constant)}
        if keys == set(LOCALES) and all(isinstance(v, ast.Dict) for v in value.values):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found += [t.id for t in targets if isinstance(t, ast.Name)]
    return found


def test_the_package_keeps_no_table_of_words_per_language_in_python():
    """The words a reader sees live in the catalogues, one home per language: a dict of words
    keyed by language in a module is a second home the key-by-key comparison above never sees."""
    sample = ast.parse(
        'W = {"en": {"title": "Data"}, "vi": {"title": "Dữ liệu"}}\nL = {"en": "en"}'
    )
    assert language_keyed_word_tables(sample) == ["W"]
    found = {
        str(path.relative_to(PACKAGE)): names
        for path in sorted(PACKAGE.rglob("*.py"))
        if (names := language_keyed_word_tables(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert found == {}, "move these words to provbook/words/<lang>/*.toml"


#: English words that cannot be Vietnamese syllables (a Vietnamese entry with one is untranslated).
ENGLISH = re.compile(
    r"\b(the|of|and|with|from|for|which|province|provinces|industrial|park|parks|target|targets|"
    r"growth|source|sources|year|years|figure|table|chart|by|is|are|was|were|not|none|this)\b",
    re.I,
)


@pytest.mark.parametrize("area", words.areas())
def test_no_english_word_in_a_vietnamese_entry(area):
    for key, value in words.catalogue("vi", area).items():
        texts = value.values() if words.is_plural(value) else [value]
        for text in texts:
            plain = re.sub(r"\{[^}]*\}", "", text)  # fields are filled by data, not words
            found = ENGLISH.findall(plain)
            assert not found, f"vi/{area}.toml {key!r}: English words {found} in {text!r}"
