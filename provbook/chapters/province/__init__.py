"""The province chapter's builders, split by concern.

Where a chapter's words live (one home each):

- fixed prose, headings and figure captions: the template's markdown cells
  (``notebooks/province.md``), with numbers and citations glued or filled in;
- sentences whose wording depends on the data (counts, singular/plural, "none"): :mod:`.prose`;
- citations of the rows shown (table Source column, figure captions, chart source lines):
  :mod:`.citations`;
- markdown that must exist before execution (title, figure labels, optional figure blocks):
  :mod:`provbook.build.template`, filled the same way by ``provbook build``, ``provbook run`` and
  ``papermill --engine provbook``.

Modules: :mod:`.facts` (loading and selection), :mod:`.prose`, :mod:`.tables`, :mod:`.figures`,
:mod:`.citations`, :mod:`.glue`. :mod:`provbook.chapters.province` re-exports them for the notebook.
"""

from __future__ import annotations

from provbook.chapters.common.citations import *  # noqa: F403
from provbook.chapters.common.glue import *  # noqa: F403
from provbook.chapters.common.text import join_names, long_date, lower_first, md_escape, plural  # noqa: F401
from provbook.chapters.province.facts import *  # noqa: F403
from provbook.chapters.province.figures import *  # noqa: F403
from provbook.chapters.province.outcomes import outcomes_table, outcomes_values  # noqa: F401
from provbook.chapters.province.prose import *  # noqa: F403
from provbook.chapters.province.series import *  # noqa: F403
from provbook.chapters.province.tables import *  # noqa: F403
from provbook.draw.maps import ARCHIPELAGOS  # noqa: F401
