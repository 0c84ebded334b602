"""Write environment.yml from requirements.lock so conda/Binder users get the same versions.

Run after changing the lock: ``.venv/bin/python scripts/write_environment.py``.
tests/test_environment.py fails when the two drift apart.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADER = """\
# Generated from requirements.lock by scripts/write_environment.py: do not edit by hand.
# conda env create -f environment.yml && conda activate provbook && pip install --no-deps -e .
name: provbook
channels:
  - conda-forge
dependencies:
  - python=3.11
  - pip
  - pip:
"""


def main() -> None:
    pins = [
        line.strip()
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    body = "".join(f"      - {pin}\n" for pin in pins)
    (ROOT / "environment.yml").write_text(HEADER + body)


if __name__ == "__main__":
    main()
