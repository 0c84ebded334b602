"""Sphinx extension: figures of province chapters are numbered within their chapter.

Readers cite "Bạc Liêu, Figure 3". Sphinx numbers figures by the chapter's position in the
table of contents (numbered parts) or, in unnumbered parts, in one sequence across the part, so
adding a province (whose id may sort anywhere) would renumber the chapters and figures after
it. The province part is therefore unnumbered in ``_toc.yml`` and this extension restarts the
figure count in each province chapter: Figure 1, 2, ... in every chapter, whatever the other
chapters are. Labels stay ``fig-<province>-<name>`` (stable anchors for links).

Enabled in ``_config.yml`` (``sphinx: config: extensions``); the documents it renumbers match
``provbook_chapter_figures`` (default ``book/provinces/*``).
"""

from __future__ import annotations

from fnmatch import fnmatch

DEFAULT_PATTERNS = ["book/provinces/*"]


def number_within_chapters(env, patterns) -> list[str]:
    """Renumber each matching document's figures 1, 2, ... per figure type, in page order.

    Returns the documents whose numbers changed (Sphinx rewrites them)."""
    changed = []
    for docname, by_type in env.toc_fignumbers.items():
        if not any(fnmatch(docname, p) for p in patterns):
            continue
        renumbered = {}
        for figtype, numbers in by_type.items():
            order = sorted(numbers, key=lambda ident: numbers[ident])
            renumbered[figtype] = {ident: (k,) for k, ident in enumerate(order, start=1)}
        if renumbered != by_type:
            env.toc_fignumbers[docname] = renumbered
            changed.append(docname)
    return changed


def _on_env_get_updated(app, env):
    number_within_chapters(env, app.config.provbook_chapter_figures)
    # No extra rewrites: Sphinx's collector already compared its fresh numbers with the stored
    # (renumbered) ones, which lists every chapter whose per-chapter numbers could differ.
    return []


def setup(app):
    app.add_config_value("provbook_chapter_figures", DEFAULT_PATTERNS, "env")
    # After Sphinx's own TocTreeCollector (default priority 500) has assigned the numbers.
    app.connect("env-get-updated", _on_env_get_updated, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
