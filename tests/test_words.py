"""The catalogues of words (provbook/words): the languages agree key by key and field by field."""

from __future__ import annotations

import re

import pytest

from provbook import words
from provbook.words import WordsError, say


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


@pytest.mark.parametrize("area", words.areas())
def test_every_language_has_the_same_keys_and_fields(area):
    english = words.catalogue("en", area)
    for lang in ("vi",):
        other = words.catalogue(lang, area)
        assert sorted(set(english) - set(other)) == [], f"{lang}/{area}.toml lacks these keys"
        assert sorted(set(other) - set(english)) == [], f"{lang}/{area}.toml has extra keys"
        for key, value in english.items():
            assert words.fields_of(other[key]) == words.fields_of(value), (
                f"{lang}/{area}.toml {key!r}: other fields than the English entry"
            )


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
