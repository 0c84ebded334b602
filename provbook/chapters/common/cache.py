"""One result per chapter object: several figures, tables and sentences of a chapter read the
same computed table (a ranking, a coding matrix), so it is computed once per loaded object."""

from __future__ import annotations

import functools
import inspect


def cached(function):
    """Compute ``function(obj, ...)`` once per object with a ``_cache`` dict (a province
    chapter's Facts, the comparison's Comparison) and its other arguments (an edition's ``lang``:
    'en' given or left to its default is the same call), and return the kept result on later
    calls. Shared by the chapters so that each section module can reuse another's tables
    without recomputing."""
    signature = inspect.signature(function)
    more = len(signature.parameters) > 1

    @functools.wraps(function)
    def wrapper(obj, *args, **kwargs):
        key = function.__name__
        if more:
            bound = signature.bind(obj, *args, **kwargs)
            bound.apply_defaults()
            key = (key, *list(bound.arguments.values())[1:])
        if key not in obj._cache:
            obj._cache[key] = function(obj, *args, **kwargs)
        return obj._cache[key]

    return wrapper
