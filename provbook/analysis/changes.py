"""Words for a yearly change and for two changes set side by side: a fall is said as a fall,
and 'faster' or 'slower' only compares two changes in the same direction. Shared by the province
chapter, the chapter of a new province and the comparison."""

from __future__ import annotations

from provbook.text import missing, number
from provbook.words import say


def growth_phrase(rate: float, digits: int = 1, lang: str = "en") -> str:
    """'grew by 7.7% a year', 'fell by 7.7% a year' or 'did not change': a fall is a fall
    (words: charts.change.* of provbook/words/<lang>/charts.toml)."""
    if missing(rate):
        return say("charts.change.no_growth", lang)
    shown = number(abs(rate), digits, "%", lang)
    if shown == number(0, digits, "%", lang):
        return say("charts.change.no_change", lang)
    return say(f"charts.change.{'grew' if rate > 0 else 'fell'}", lang, rate=shown)


def rate_phrase(rate: float, lang: str = "en") -> str:
    """'growth of 13.3% a year' or 'a fall of 7.7% a year' (never 'growth of -7.7%')."""
    if missing(rate):
        return say("charts.change.no_rate", lang)
    shown = number(abs(rate), 1, "%", lang)
    return say(f"charts.change.{'rate_rise' if rate >= 0 else 'rate_fall'}", lang, rate=shown)


def compare_changes(
    rate: float, reference: float, reference_name: str, digits: int = 1, lang: str = "en"
) -> str:
    """How a yearly change compares with a reference's, to follow the change's own phrase
    (:func:`growth_phrase`): 'faster than Vietnam (growth of 7.3% a year)' or 'slower than ...'
    only when both rose or both fell ('faster' is the larger rise or the larger fall); 'while
    Vietnam grew by 7.3% a year' when one rose and the other fell or did not change; 'the same as
    Vietnam' when the figures as shown (rounded to ``digits``) are equal."""
    while_ = "charts.change.while"
    if missing(rate) or missing(reference):
        return say(while_, lang, name=reference_name, growth=growth_phrase(reference, digits, lang))
    own, other = round(float(rate), digits), round(float(reference), digits)
    if own == other:
        return say("charts.change.same", lang, name=reference_name)
    if own * other <= 0:  # opposite directions, or one did not change
        return say(while_, lang, name=reference_name, growth=growth_phrase(reference, digits, lang))
    speed = "faster" if abs(own) > abs(other) else "slower"
    return say(
        f"charts.change.{speed}", lang, name=reference_name, rate=rate_phrase(reference, lang)
    )
