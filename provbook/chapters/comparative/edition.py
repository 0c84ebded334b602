"""The comparative chapter in one language: its module with ``lang`` bound to every builder.

The notebook's hidden first cell says ``chapter = chapter.in_language(lang)``; the cells a
reader may open (``chapter.codebook_table(cmp)``) then read the same in both editions, while each
builder still takes ``lang`` as a plain, tested argument.
"""

from __future__ import annotations

import functools
import inspect
import sys
from types import ModuleType

from provbook.text import check_lang

#: The package whose builders an :class:`Edition` binds (and whose submodules it wraps).
PACKAGE = "provbook.chapters.comparative"


class Edition:
    """A chapter module with every builder that takes ``lang`` bound to one language.

    The notebook's one hidden cell says ``chapter = chapter.in_language(lang)``; the cells a
    reader may open (``chapter.codebook_table(cmp)``) stay the same text in both editions, and
    each builder still takes ``lang`` as a plain argument (tested one by one)."""

    def __init__(self, module: ModuleType, lang: str):
        self._module, self._lang = module, lang

    def __getattr__(self, name: str):
        value = getattr(self._module, name)
        if isinstance(value, ModuleType) and value.__name__.startswith(PACKAGE):
            return Edition(value, self._lang)
        if callable(value) and not isinstance(value, type) and _takes_lang(value):
            return functools.partial(value, lang=self._lang)
        return value

    def __repr__(self) -> str:
        return f"<{self._module.__name__} in {self._lang!r}>"


@functools.cache
def _takes_lang(function) -> bool:
    try:
        return "lang" in inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False


def in_language(lang: str) -> Edition:
    """The comparative chapter's module with its builders bound to ``lang`` ('en' or 'vi')."""
    check_lang(lang)
    return Edition(sys.modules[PACKAGE], lang)
