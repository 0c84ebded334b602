"""The build: plan the chapters, execute their notebooks with papermill, assemble the HTML.

:mod:`.pipeline` plans a build and runs its tasks on the local process pool or, through
:mod:`.cluster`, on Dask; both execute a task with :mod:`.tasks` (the task type, its content
hash and its execution); :mod:`.html` builds the site; :mod:`.folders` says where a build reads
and writes. :mod:`.template` and :mod:`.context` fill a template's placeholders before
execution; :mod:`.kernels` keeps one kernel per worker; :mod:`.inputs` and :mod:`.stamps`
decide what must run again; :mod:`.lock` and :mod:`.signals` keep two builds or a Ctrl-C from
leaving a half-written book; :mod:`.sweep` runs a template over parameter values for
researchers; :mod:`.import_graph` reads which module imports which (no circle allowed).
"""
