"""``python -m provbook.derive --raw RAW --out data/``: rebuild the derived data files."""

from __future__ import annotations

import argparse
import sys

from provbook.derive import derive


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m provbook.derive",
        description="Re-derive provinces, units, indicators, statistics (also of the 2025 units) "
        "and boundaries from "
        "the public raw files (see data/sources.csv for where they come from).",
    )
    parser.add_argument("--raw", required=True, help="folder with the raw files")
    parser.add_argument("--out", required=True, help="data folder to write into")
    parser.add_argument(
        "--no-boundaries", action="store_true", help="skip the (slower) boundary files"
    )
    args = parser.parse_args(argv)
    from provbook.build.signals import Interrupted, interruptible

    try:
        with interruptible():  # SIGINT and SIGTERM unwind, so the staging folder is removed
            report = derive(args.raw, args.out, boundaries=not args.no_boundaries)
    except Interrupted as exc:
        print(
            f"error: interrupted by {exc.name}; the derived files in {args.out} are either all "
            "the old ones or all new, never a mix",
            file=sys.stderr,
        )
        return exc.exit_code
    except (ValueError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ImportError as exc:
        print(f"error: {exc}; install the extra: pip install -e '.[derive]'", file=sys.stderr)
        return 2
    print(report.text())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
