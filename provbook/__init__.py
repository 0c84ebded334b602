"""provbook: a reproducible analysis book on how Vietnam's provinces plan and build industry."""

from pathlib import Path

__version__ = "0.1.0"

#: Repository root when running from a checkout (data/ and notebooks/ live here).
ROOT = Path(__file__).resolve().parent.parent
