"""A chapter in one language: its package with ``lang`` bound to every builder.

Each template's hidden first cell says ``chapter = chapter.in_language(lang)``; the cells a reader
may open (``chapter.codebook_table(cmp)``) then read the same in both editions, while each
builder still takes ``lang`` as a plain, tested argument. One binder for the three chapters, so
that they keep one face.
"""

from __future__ import annotations

import functools
import inspect
import sys
from types import ModuleType

from provbook.text import check_lang


class Edition:
    """A chapter package (or one of its modules) with every builder that takes ``lang`` bound to
    one language; everything else (``load``, ``glue_values``, constants) is the module's own."""

    def __init__(self, module: ModuleType, lang: str, package: str | None = None) -> None:
        check_lang(lang)
        self._module, self.lang = module, lang
        self._package = package or module.__name__

    def __getattr__(self, name: str):
        value = getattr(self._module, name)
        if isinstance(value, ModuleType) and value.__name__.startswith(self._package):
            return Edition(value, self.lang, self._package)
        if callable(value) and not isinstance(value, type) and takes_lang(value):
            return functools.partial(value, lang=self.lang)
        return value

    def __repr__(self) -> str:
        return f"<{self._module.__name__} in {self.lang!r}>"


@functools.cache
def takes_lang(function) -> bool:
    """Whether a builder has a ``lang`` parameter (is written for every edition)."""
    try:
        return "lang" in inspect.signature(function).parameters
    except (TypeError, ValueError):  # a builtin without a signature
        return False


def in_language(package: str, lang: str) -> Edition:
    """The chapter package ``package`` with its builders bound to ``lang`` ('en' or 'vi')."""
    return Edition(sys.modules[package], lang)
