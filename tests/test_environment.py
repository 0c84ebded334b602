"""The lock file, pyproject.toml and environment.yml must name the same versions."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _lock(filename: str = "requirements.lock") -> dict[str, str]:
    pins = {}
    for line in (ROOT / filename).read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.strip().split("==")
            pins[name.lower().replace("_", "-")] = version
    return pins


def _environment() -> dict[str, str]:
    pins = {}
    for match in re.finditer(
        r"^\s+- ([A-Za-z0-9_.\-]+)==(\S+)$", (ROOT / "environment.yml").read_text(), re.M
    ):
        pins[match.group(1).lower().replace("_", "-")] = match.group(2)
    return pins


def test_every_lock_pin_is_exact():
    lock = _lock()
    assert "jupyter-book" in lock and lock["jupyter-book"].startswith("1.0.")
    assert all(re.fullmatch(r"[0-9][0-9A-Za-z.+\-]*", v) for v in lock.values())


def test_environment_yml_matches_lock():
    assert _environment() == _lock()


def test_pyproject_pins_agree_with_lock():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        declared += extra
    lock = _lock() | _lock("requirements-lab.lock")  # the `lab` extra is pinned apart
    for requirement in declared:
        name, version = requirement.split("==")
        assert lock[name.lower()] == version, requirement


def test_lab_lock_only_adds_to_the_main_lock():
    """`make lab` installs both files: the lab file must not pin a package differently."""
    main, lab = _lock(), _lock("requirements-lab.lock")
    assert "jupyterlab" in lab
    assert not set(main) & set(lab)
