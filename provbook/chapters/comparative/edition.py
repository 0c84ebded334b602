"""The comparative chapter in one language (see provbook.chapters.common.edition)."""

from __future__ import annotations

from provbook.chapters.common.edition import Edition
from provbook.chapters.common.edition import in_language as bind

#: The package whose builders an :class:`Edition` binds (and whose submodules it wraps).
PACKAGE = "provbook.chapters.comparative"


def in_language(lang: str) -> Edition:
    """The comparative chapter's module with its builders bound to ``lang`` ('en' or 'vi')."""
    return bind(PACKAGE, lang)
