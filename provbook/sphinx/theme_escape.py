"""Sphinx extension: escape the page texts sphinx-book-theme puts into HTML as they are.

The theme copies each page's title as plain text (``title.astext()``) into its context as
``pagetitle`` and writes ``{{ pagetitle }}`` into the print header without escaping, so a
province name holding markup (data users contribute) became live HTML on the page. This
handler runs after the theme's and escapes the plain-text values it sets.
"""

from __future__ import annotations

import html

#: Plain-text context values the theme writes into templates without an escape filter.
PLAIN_TEXT_KEYS = ("pagetitle", "root_title", "page_description")


def escape_theme_context(app, pagename, templatename, context, doctree) -> None:
    for key in PLAIN_TEXT_KEYS:
        value = context.get(key)
        if isinstance(value, str):
            context[key] = html.escape(value, quote=True)


def setup(app):
    # After sphinx-book-theme's own html-page-context handler (default priority 500).
    app.connect("html-page-context", escape_theme_context, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
