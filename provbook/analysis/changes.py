"""Words for a yearly change and for two changes set side by side: a fall is said as a fall,
and 'faster' or 'slower' only compares two changes in the same direction. Shared by the province
chapter, the chapter of a new province and the comparison; the wording of each edition is in
``provbook/words/<lang>/common.toml`` (``change.*``), the choice of phrase is here."""

from __future__ import annotations

from provbook.text import missing, number
from provbook.words import say


def growth_phrase(rate: float, digits: int = 1, lang: str = "en") -> str:
    """'grew by 7.7% a year', 'fell by 7.7% a year' or 'did not change': a fall is a fall."""
    if missing(rate):
        return say("common.change.growth_none", lang)
    if number(abs(rate), digits) == "0":
        return say("common.change.growth_flat", lang)
    shown = number(abs(rate), digits, "%", lang)
    return say(f"common.change.{'growth_rise' if rate > 0 else 'growth_fall'}", lang, rate=shown)


def rate_phrase(rate: float, lang: str = "en") -> str:
    """'growth of 13.3% a year' or 'a fall of 7.7% a year' (never 'growth of -7.7%')."""
    if missing(rate):
        return say("common.change.rate_none", lang)
    shown = number(abs(rate), 1, "%", lang)
    return say(f"common.change.{'rate_rise' if rate >= 0 else 'rate_fall'}", lang, rate=shown)


def compare_changes(
    rate: float, reference: float, reference_name: str, digits: int = 1, lang: str = "en"
) -> str:
    """How a yearly change compares with a reference's, to follow the change's own phrase
    (:func:`growth_phrase`): 'faster than Vietnam (growth of 7.3% a year)' or 'slower than ...'
    only when both rose or both fell ('faster' is the larger rise or the larger fall); 'while
    Vietnam grew by 7.3% a year' when one rose and the other fell or did not change; 'the same as
    Vietnam' when the figures as shown (rounded to ``digits``) are equal."""
    if missing(rate) or missing(reference):
        growth = growth_phrase(reference, digits, lang)
        return say("common.change.while", lang, reference=reference_name, growth=growth)
    own, other = round(float(rate), digits), round(float(reference), digits)
    if own == other:
        return say("common.change.same", lang, reference=reference_name)
    if own * other <= 0:  # opposite directions, or one did not change
        growth = growth_phrase(reference, digits, lang)
        return say("common.change.while", lang, reference=reference_name, growth=growth)
    speed = "faster" if abs(own) > abs(other) else "slower"
    return say(
        f"common.change.{speed}",
        lang,
        reference=reference_name,
        rate=rate_phrase(reference, lang),
    )
