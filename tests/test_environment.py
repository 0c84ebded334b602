"""The lock file, pyproject.toml and environment.yml must name the same versions."""

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

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


def _fresh_clone(dest: Path) -> Path:
    """The files git tracks, as they are in this checkout (no .venv, no build)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    return dest


@pytest.mark.slow
@pytest.mark.parametrize("lock", ["flock", "lock folder"])
def test_two_make_setup_at_once_in_a_fresh_clone_both_succeed(tmp_path: Path, lock: str):
    """`make book` twice at once used to fail in one of them on "File exists .venv/include"."""
    clone = _fresh_clone(tmp_path / "clone")
    # The race is in creating and filling the venv, not in what is installed: ipykernel alone
    # (the setup's last step needs it) keeps the test near half a minute instead of three.
    (clone / "requirements.lock").write_text(f"ipykernel=={_lock()['ipykernel']}\n")
    args = ["make", "--no-print-directory", "setup"] + ([] if lock == "flock" else ["FLOCK="])
    makes = [
        subprocess.Popen(args, cwd=clone, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        for _ in range(2)
    ]
    outputs = [make.communicate(timeout=1500)[0].decode() for make in makes]
    for make, output in zip(makes, outputs, strict=True):
        assert make.returncode == 0, output
        assert "File exists" not in output
    python = clone / ".venv" / "bin" / "python"
    found = subprocess.run(
        [str(python), "-c", "import provbook; print(provbook.ROOT)"],
        cwd=tmp_path,  # not this checkout, which `python -c` would import from
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(found.stdout.strip()).resolve() == clone.resolve()
    assert (clone / ".venv" / ".installed").is_file()
    assert not (clone / ".venv.lock.d").exists()  # the lock folder is given back
