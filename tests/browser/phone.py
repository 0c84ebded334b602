"""What a reader on a 390 px phone gets: no page scrolls sideways, every chart shows whole and
its smallest text is at least 9 CSS px, wide tables scroll in their own box with their first
column kept in view.

:func:`phone_problems` measures one loaded page; the chart check combines the image's natural
and displayed widths with the smallest font a chart uses (``provbook.draw.charts.MIN_TEXT_SIZE``,
in points at the saved 120 dpi): ``size_pt * dpi / 72 * displayed / natural``.
"""

from __future__ import annotations

from provbook.draw import charts, layout

PHONE = {"width": 390, "height": 844}

#: Everything measured in one call; the page's images must have loaded.
MEASURE_JS = """(viewport) => {
  const right = (el) => el.getBoundingClientRect().right;
  const scrollBox = (el) => {
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      const o = getComputedStyle(e).overflowX;
      if ((o === 'auto' || o === 'scroll') && e.getBoundingClientRect().right <= viewport + 1) {
        return e;
      }
    }
    return null;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
    ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  // The theme's sidebars are drawers on a phone: off screen until opened, never scrolled to.
  const drawer = '.bd-sidebar-primary, .bd-sidebar-secondary';
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (!el.checkVisibility() || right(el) <= viewport + 1 || el.closest(drawer)) continue;
    if (scrollBox(el)) continue;
    wide.push(name(el) + ' ends at ' + Math.round(right(el)) + ' px');
  }
  const images = [...document.querySelectorAll('article img')]
    .filter((img) => img.checkVisibility())
    .map((img) => {
      const box = img.getBoundingClientRect();
      const src = img.getAttribute('src');
      return {src, left: box.left, right: box.right, width: box.width,
              natural: img.naturalWidth, chart: /_images\\/.*\\.png$/.test(src)};
    });
  const tables = [...document.querySelectorAll('article table')].map((table) => {
    const box = scrollBox(table);
    const first = table.querySelector('tbody tr td:first-child, tr th:first-child');
    const last = table.querySelector('thead tr th:last-child');
    return {scrolls: !!box && box.scrollWidth > box.clientWidth + 1,
            last: last ? Math.round(last.getBoundingClientRect().width) : 0,
            lastHead: last ? last.textContent.trim() : '',
            sticky: first ? getComputedStyle(first).position === 'sticky' : true,
            caption: (table.querySelector('caption')?.textContent || '').slice(0, 60)};
  });
  const scrollWidth = document.scrollingElement.scrollWidth;
  return {scrollWidth, wide: wide.slice(0, 10), images, tables};
}"""


def smallest_text_px(displayed: float, natural: float) -> float:
    """CSS px of the smallest chart text when an image ``natural`` px wide is shown ``displayed``
    px wide (one image pixel is one CSS pixel at scale 1)."""
    return charts.MIN_TEXT_SIZE * layout.SAVED_DPI / 72 * displayed / natural


def phone_problems(measured: dict, width: int = PHONE["width"]) -> list[str]:
    """What is wrong on one page, from :data:`MEASURE_JS`'s measurements at ``width``."""
    found = []
    if measured["scrollWidth"] > width:
        found.append(f"the page scrolls sideways ({measured['scrollWidth']} px wide)")
    found += [f"wider than the screen, outside a scroll box: {w}" for w in measured["wide"]]
    for image in measured["images"]:
        if image["left"] < -0.5 or image["right"] > width + 0.5:
            found.append(
                f"image {image['src']} is cut ({image['left']:.0f} to {image['right']:.0f} px)"
            )
        if image["chart"] and image["natural"]:
            size = smallest_text_px(image["width"], image["natural"])
            if size < layout.MIN_TEXT_PX - 0.005:
                found.append(
                    f"chart {image['src']}: smallest text {size:.1f} px "
                    f"(shown {image['width']:.0f} of {image['natural']} px)"
                )
    for table in measured["tables"]:
        if table["scrolls"] and not table["sticky"]:
            found.append(f"table {table['caption']!r} scrolls without keeping its first column")
    return found
