"""One import for the province chapter notebook: the builders of :mod:`provbook.chapter`.

Every builder works for every pre-2025 province: where a province has no facts from a source, a
builder returns an empty table or ``None`` instead of a figure, and :func:`available_figures`
(also used by :mod:`provbook.context` to decide which figure blocks the markdown gets) says so.
"""

from __future__ import annotations

from provbook.chapter.citations import *  # noqa: F403
from provbook.chapter.facts import *  # noqa: F403
from provbook.chapter.figures import *  # noqa: F403
from provbook.chapter.glue import *  # noqa: F403
from provbook.chapter.outcomes import outcomes_table, outcomes_values  # noqa: F401
from provbook.chapter.prose import *  # noqa: F403
from provbook.chapter.series import *  # noqa: F403
from provbook.chapter.tables import *  # noqa: F403
from provbook.maps import ARCHIPELAGOS  # noqa: F401
from provbook.text import join_names, long_date, lower_first, md_escape, plural  # noqa: F401
