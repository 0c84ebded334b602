"""Chapter ids of the old and the new provinces (provbook.datapackage.ids) and how the CLI refuses
bad ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from provbook.datapackage import ids

DATA = Path(__file__).resolve().parent.parent / "data"


def test_old_and_new_ids_are_accepted():
    assert ids.check_ids(["can-tho", "can-tho-2025", "lam-dong-2025"], DATA) == [
        "can-tho",
        "can-tho-2025",
        "lam-dong-2025",
    ]
    assert ids.is_new("can-tho-2025") and not ids.is_new("can-tho")


def test_every_new_id_has_the_suffix_and_no_old_id_has_it():
    known = ids.chapters(DATA)
    assert sum(c.since_2025 for c in known) == 34
    assert sum(not c.since_2025 for c in known) == 63
    assert all(ids.is_new(c.id) == c.since_2025 for c in known)


def test_a_slug_without_hyphens_lists_the_old_and_the_new_province():
    with pytest.raises(ids.UnknownIdError) as caught:
        ids.check_ids(["cantho"], DATA)
    message = str(caught.value)
    assert (
        "did you mean can-tho (Cần Thơ, before 2025) or can-tho-2025 (Thành phố Cần Thơ, "
        "since 2025-07-01)?" in message
    )
    assert "Known ids" not in message  # the candidates, not the whole list


def test_a_vietnamese_name_of_an_old_and_a_new_province_is_ambiguous():
    with pytest.raises(ids.UnknownIdError) as caught:
        ids.check_ids(["Cần Thơ"], DATA)
    message = str(caught.value)
    assert "can-tho (Cần Thơ, before 2025)" in message
    assert "can-tho-2025 (Thành phố Cần Thơ, since 2025-07-01)" in message


def test_a_name_of_an_old_province_only_names_that_one():
    with pytest.raises(ids.UnknownIdError) as caught:
        ids.check_ids(["Sóc Trăng"], DATA)
    message = str(caught.value)
    assert "soc-trang (Sóc Trăng, before 2025)" in message
    assert "since 2025-07-01)?" not in message


def test_an_id_like_nothing_lists_every_known_id():
    with pytest.raises(ids.UnknownIdError) as caught:
        ids.check_ids(["atlantis"], DATA)
    message = str(caught.value)
    assert "unknown province id(s): atlantis" in message
    assert "unknown province id(s): atlantis. Known ids (63): an-giang, " in message
    assert "; since 2025-07-01 (34): an-giang-2025, " in message
    assert "yen-bai" in message and "can-tho-2025" in message


def test_the_cli_refuses_an_ambiguous_id_with_exit_2_before_any_work(provbook_main, tmp_path: Path):
    result = provbook_main("build", "--province", "cantho", "--output", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "can-tho-2025 (Thành phố Cần Thơ, since 2025-07-01)" in result.stderr
    assert not (tmp_path / "out").exists()
    run = provbook_main("run", "Cần Thơ", "-o", str(tmp_path / "x.ipynb"))
    assert run.returncode == 2 and "can-tho (Cần Thơ, before 2025)" in run.stderr
    assert not (tmp_path / "x.ipynb").exists()
