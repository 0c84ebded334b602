"""``papermill --engine provbook``: papermill's own engine, after filling the placeholders.

Registered as the ``papermill.engine`` entry point ``provbook`` (pyproject.toml), so plain
papermill gives the same notebook as ``provbook run``: the parameters papermill injected pick the
province, :func:`provbook.template.context_for` computes the values and
:func:`provbook.template.fill` writes them in, before the first cell runs.
"""

from __future__ import annotations

from papermill.engines import NBClientEngine

from provbook import template


class ProvbookEngine(NBClientEngine):
    """NBClientEngine that fills ``{{ }}`` placeholders from the notebook's parameters first."""

    @classmethod
    def execute_notebook(cls, nb, kernel_name, **kwargs):
        template.fill(nb, template.context_for(nb))
        return super().execute_notebook(nb, kernel_name, **kwargs)
