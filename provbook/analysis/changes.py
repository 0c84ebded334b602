"""Words for a yearly change and for two changes set side by side: a fall is said as a fall,
and 'faster' or 'slower' only compares two changes in the same direction. Shared by the province
chapter, the chapter of a new province and the comparison."""

from __future__ import annotations

from provbook.text import missing, number


def growth_phrase(rate: float, digits: int = 1) -> str:
    """'grew by 7.7% a year', 'fell by 7.7% a year' or 'did not change': a fall is a fall."""
    if missing(rate):
        return "has no growth figure"
    shown = number(abs(rate), digits, "%")
    if shown == "0%":
        return "did not change on average"
    return f"{'grew' if rate > 0 else 'fell'} by {shown} a year"


def rate_phrase(rate: float) -> str:
    """'growth of 13.3% a year' or 'a fall of 7.7% a year' (never 'growth of -7.7%')."""
    if missing(rate):
        return "no growth figure"
    shown = number(abs(rate), 1, "%")
    return f"growth of {shown} a year" if rate >= 0 else f"a fall of {shown} a year"


def compare_changes(rate: float, reference: float, reference_name: str, digits: int = 1) -> str:
    """How a yearly change compares with a reference's, to follow the change's own phrase
    (:func:`growth_phrase`): 'faster than Vietnam (growth of 7.3% a year)' or 'slower than ...'
    only when both rose or both fell ('faster' is the larger rise or the larger fall); 'while
    Vietnam grew by 7.3% a year' when one rose and the other fell or did not change; 'the same as
    Vietnam' when the figures as shown (rounded to ``digits``) are equal."""
    if missing(rate) or missing(reference):
        return f"while {reference_name} {growth_phrase(reference, digits)}"
    own, other = round(float(rate), digits), round(float(reference), digits)
    if own == other:
        return f"the same as {reference_name}"
    if own * other <= 0:  # opposite directions, or one did not change
        return f"while {reference_name} {growth_phrase(reference, digits)}"
    speed = "faster" if abs(own) > abs(other) else "slower"
    return f"{speed} than {reference_name} ({rate_phrase(reference)})"
