"""The chapter of a province formed on 2025-07-01 (``notebooks/unit.md``), split by concern.

Words live as in :mod:`provbook.chapters.province`: fixed prose and captions in the template,
sentences that depend on the data in :mod:`.prose`, tables in :mod:`.tables`, figures in
:mod:`.figures`. Every figure says where it comes from: published by the statistics office for the
new province, or computed by the book from its old parts by the indicator's rule
(:mod:`provbook.analysis.aggregate`); indicators without a valid rule are shown part by part, never
averaged.
"""

from provbook.chapters.common.glue import glue_figure, glue_values  # noqa: F401
from provbook.chapters.unit.facts import *  # noqa: F403
from provbook.chapters.unit.figures import *  # noqa: F403
from provbook.chapters.unit.prose import *  # noqa: F403
from provbook.chapters.unit.tables import *  # noqa: F403
