"""Sphinx extension and ``jupyter-book build`` wrapper that make the HTML step faster.

Profiled on the full book (98 chapters and the authored pages, 33 s serial), two costs stood out:

- sphinxcontrib-bibtex asks pybtex for its style plugins at every citation it resolves, and pybtex
  scans the entry points of every installed package at each such look-up (``importlib.metadata``):
  about a fifth of the profile. The extension caches the look-up (plugins do not change during a
  build).
- Jupyter Book's command line has no ``--jobs``: Sphinx read and wrote one page at a time on a
  2-core machine. ``python -m provbook.sphinx.sphinx_speed --jobs N build ...`` runs Jupyter Book's
  own command with ``jobs=N`` passed to Sphinx.

- Sphinx resolves each ``{numref}`` by unpickling the whole document that holds the figure
  (607 times for 106 pages, about a tenth of the profile, in the main process). The extension
  keeps the last few unpickled documents for that look-up alone: it only reads them, while
  other callers of ``get_doctree`` change theirs and still get a fresh copy.

Sphinx reads in parallel only if every extension says it may. Two that Jupyter Book loads do not
say: ``sphinx_multitoc_numbering`` only replaces the section numbering that Sphinx runs in the
main process after all pages are read, and ``sphinx_jupyterbook_latex`` acts only for LaTeX
builders. Both the extension and the wrapper declare them safe. If a book's configuration loads
another extension that does not say, the wrapper quietly keeps Sphinx serial (Sphinx itself would
warn, an error under ``-W``). A parallel build publishes the same bytes as a serial one
(tests/test_sphinx_speed.py).
"""

from __future__ import annotations

import functools
import sys
import weakref

#: Loaded by Jupyter Book, silent about parallel safety, and safe (see the module docstring).
DECLARED_SAFE = ("sphinx_multitoc_numbering", "sphinx_jupyterbook_latex")


def cache_pybtex_plugins() -> None:
    import pybtex.plugin

    if not hasattr(pybtex.plugin._load_entry_point, "cache_info"):
        pybtex.plugin._load_entry_point = functools.cache(pybtex.plugin._load_entry_point)


#: Documents kept for numref look-ups: the references of a page point into itself or a few others.
NUMREF_DOCUMENTS = 8
_numref_documents: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def cache_numref_documents() -> None:
    """Let the standard domain's numref resolution read documents from a small per-build cache."""
    from sphinx.domains.std import StandardDomain

    resolve = StandardDomain._resolve_numref_xref
    if getattr(resolve, "provbook_cached", False):
        return

    def _resolve_numref_xref(self, env, *args, **kwargs):
        cache = _numref_documents.setdefault(env, {})  # not on env: Sphinx pickles env

        def get_doctree(docname: str):
            if docname not in cache:
                if len(cache) >= NUMREF_DOCUMENTS:
                    cache.pop(next(iter(cache)))
                cache[docname] = type(env).get_doctree(env, docname)
            return cache[docname]

        env.get_doctree = get_doctree  # for this call only: the method is back below
        try:
            return resolve(self, env, *args, **kwargs)
        finally:
            del env.get_doctree

    _resolve_numref_xref.provbook_cached = True
    StandardDomain._resolve_numref_xref = _resolve_numref_xref


def declare_parallel_safe(app, env=None, docnames=None) -> None:
    """Mark the extensions of DECLARED_SAFE that did not say (an event handler, and a helper)."""
    for name in DECLARED_SAFE:
        extension = app.extensions.get(name)
        if extension is not None:
            if extension.parallel_read_safe is None:
                extension.parallel_read_safe = True
            if extension.parallel_write_safe is None:
                extension.parallel_write_safe = True


def setup(app):
    cache_pybtex_plugins()
    cache_numref_documents()
    # Jupyter Book sets up sphinx_multitoc_numbering after Sphinx's own start, so the
    # declaration waits until just before Sphinx decides whether to read in parallel.
    app.connect("env-before-read-docs", declare_parallel_safe)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


def undeclared(app, kind: str) -> list[str]:
    """Extensions that do not say whether they may ``read`` or ``write`` in parallel."""
    attribute = f"parallel_{kind}_safe"
    return sorted(n for n, e in app.extensions.items() if getattr(e, attribute) is None)


def _parallel_only_if_declared() -> None:
    """Sphinx asks before reading and before writing; answer serial, without a warning, when
    some extension (of a book's own configuration) has not said."""
    from sphinx.application import Sphinx

    ask_sphinx = Sphinx.is_parallel_allowed

    def is_parallel_allowed(self, typ: str) -> bool:
        declare_parallel_safe(self)
        if undeclared(self, typ):
            return False
        return ask_sphinx(self, typ)

    Sphinx.is_parallel_allowed = is_parallel_allowed


def main(argv: list[str] | None = None) -> int:
    """``--jobs N`` then the arguments of ``jupyter-book``."""
    args = list(sys.argv[1:] if argv is None else argv)
    jobs = 1
    if args[:1] == ["--jobs"]:
        jobs = int(args[1])
        args = args[2:]
    cache_pybtex_plugins()
    cache_numref_documents()
    _parallel_only_if_declared()
    import jupyter_book.sphinx as jupyter_book_sphinx
    from jupyter_book.cli.main import main as jupyter_book

    # The command imports build_sphinx from this module when it runs: give it the jobs.
    build_sphinx = jupyter_book_sphinx.build_sphinx
    jupyter_book_sphinx.build_sphinx = functools.partial(build_sphinx, jobs=jobs)
    try:
        jupyter_book(args=args, prog_name="jupyter-book", standalone_mode=True)
    except SystemExit as done:
        return int(done.code or 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
