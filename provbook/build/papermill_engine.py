"""``papermill --engine provbook``: papermill's own engine, after filling the placeholders.

Registered as the ``papermill.engine`` entry point ``provbook`` (pyproject.toml), so plain
papermill gives the same notebook as ``provbook run``: the parameters papermill injected pick the
province, :func:`provbook.build.template.context_for` computes the values and
:func:`provbook.build.template.fill` writes them in, before the first cell runs. The templates'
kernel (:data:`provbook.build.kernels.KERNEL_NAME`) is this Python's own, as in a build, not
whatever kernelspec of that name ``JUPYTER_PATH`` holds; another kernel named with ``-k`` is looked
up as usual.

Papermill reads notebook JSON, and the templates are text (``notebooks/*.md``): give it the
template's notebook, ``python -m provbook.build.template notebooks/province.md | papermill
--engine provbook - OUT -p province ID`` (:func:`provbook.build.template.read`, as every route).
"""

from __future__ import annotations

from papermill.engines import NBClientEngine

from provbook.build import kernels, template


class ProvbookEngine(NBClientEngine):
    """NBClientEngine that fills ``{{ }}`` placeholders from the notebook's parameters first."""

    @classmethod
    def execute_notebook(cls, nb, kernel_name, **kwargs):
        template.fill(nb, template.context_for(nb))
        if cls.nb_kernel_name(nb, kernel_name) == kernels.KERNEL_NAME:
            kwargs.setdefault("kernel_manager_class", kernels.manager_class())
        return super().execute_notebook(nb, kernel_name, **kwargs)
