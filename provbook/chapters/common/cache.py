"""One result per chapter object: several figures, tables and sentences of a chapter read the
same computed table (a ranking, a coding matrix), so it is computed once per loaded object."""

from __future__ import annotations


def cached(function):
    """Compute ``function(obj)`` once per object with a ``_cache`` dict (a province chapter's
    Facts, the comparison's Comparison) and return the kept result on later calls. Shared by
    the chapters so that each section module can reuse another's tables without recomputing."""

    def wrapper(obj):
        key = function.__name__
        if key not in obj._cache:
            obj._cache[key] = function(obj)
        return obj._cache[key]

    wrapper.__name__ = function.__name__
    wrapper.__doc__ = function.__doc__
    return wrapper
