"""The build: plan the chapters, execute their notebooks with papermill, assemble the HTML.

:mod:`.pipeline` plans and runs a build; :mod:`.template` and :mod:`.context` fill a template's
placeholders before execution; :mod:`.kernels` keeps one kernel per worker; :mod:`.cluster`
runs the same tasks on Dask; :mod:`.inputs` and :mod:`.stamps` decide what must run again;
:mod:`.lock` and :mod:`.signals` keep two builds or a Ctrl-C from leaving a half-written book;
:mod:`.sweep` runs a template over parameter values for researchers.
"""
