"""Sphinx extension for the book's two editions (English at the site's root, Vietnamese under
``vi/``, every page at the same relative path in both; provbook.build.editions stages them).

- A language switch in every page's header (the theme's ``article_header_start``, after the
  sidebar's toggle: visible at every width) going to the same page in the other edition:
  configured by ``provbook_other_edition``, ``{lang, label, root}`` where ``root`` is the other
  edition's root seen from this one's (``vi/`` from the English edition, ``../`` from the
  Vietnamese one). Without it, no switch.
- The theme's own words in Vietnamese where Sphinx and sphinx-book-theme have none
  (pydata-sphinx-theme ships no Vietnamese): ``locale/vi/LC_MESSAGES/sphinx.po``, compiled at
  the start of the build and added after their catalogues; and the search box's placeholder
  (``provbook_search_bar_text``).
- Search in Vietnamese: Sphinx has no search language for ``vi`` (it falls back to English and
  stems Vietnamese syllables as English words). :class:`SearchVietnamese` splits on spaces and
  punctuation, does not stem, lower-cases in NFC and leaves out common function words.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from sphinx.search import SearchLanguage, languages

TEMPLATES = Path(__file__).with_name("templates")
LOCALE = Path(__file__).with_name("locale")
SWITCH_TEMPLATE = "edition-switch.html"

#: Vietnamese function words left out of the search index (a short list: particles,
#: conjunctions, prepositions and classifiers too common to tell pages apart).
VIETNAMESE_STOP_WORDS = frozenset(
    """
    và của là các những cho với được có trong từ này đó thì mà để theo về ra vào trên dưới
    khi đã đang sẽ cũng như một hay hoặc nhưng nên vì bởi do tại ở thế nào gì ai
    """.split()
)


class SearchVietnamese(SearchLanguage):
    """Vietnamese words are syllables between spaces: index each, lower-cased, unstemmed."""

    lang = "vi"
    language_name = "Vietnamese"
    stopwords = VIETNAMESE_STOP_WORDS

    def stem(self, word: str) -> str:
        return unicodedata.normalize("NFC", word).lower()

    def word_filter(self, word: str) -> bool:
        # The base class checks stop words only for words starting below U+0100 ("được", "đã"
        # start with đ, U+0111).
        return bool(word) and word not in self.stopwords


def switch_href(pagename: str, target_uri: str, root: str) -> str:
    """The same page in the other edition, relative to this page: up to this edition's root,
    then the other edition's root, then the page's own path."""
    return "../" * pagename.count("/") + root + target_uri


def add_switch(app, pagename, templatename, context, doctree) -> None:
    other = app.config.provbook_other_edition
    if not other:
        return
    context["provbook_switch"] = {
        "lang": other["lang"],
        "label": other["label"],
        "href": switch_href(pagename, app.builder.get_target_uri(pagename), other["root"]),
    }


def add_catalogue(app) -> None:
    """The edition language's words for the theme, compiled next to the build's doctrees."""
    language = app.config.language
    source = LOCALE / str(language) / "LC_MESSAGES" / "sphinx.po"
    if not source.is_file():
        return
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    folder = Path(app.doctreedir).parent / "provbook-locale"
    target = folder / str(language) / "LC_MESSAGES" / "sphinx.mo"
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(source, "rb") as po:
        catalogue = read_po(po, locale=language)
    with open(target, "wb") as mo:
        write_mo(mo, catalogue)
    app.add_message_catalog("sphinx", str(folder))
    # The words of Sphinx's scripts (search page) come from one translations file, looked for
    # in locale_dirs before Sphinx's own: Sphinx's, with its empty texts filled from ours.
    script = write_translations_js(language, catalogue, target.with_suffix(".js"))
    if script:
        app.config.locale_dirs = [str(folder), *app.config.locale_dirs]


def write_translations_js(language: str, catalogue, target: Path) -> Path | None:
    """Sphinx's translations of its scripts for ``language``, every text it leaves empty (which
    the page would show as nothing) taken from ``catalogue``, else left out (then shown in
    English); None when Sphinx has no such file."""
    import json

    import sphinx

    own = Path(sphinx.__file__).parent / "locale" / language / "LC_MESSAGES" / "sphinx.js"
    if not own.is_file():
        return None
    text = own.read_text(encoding="utf-8")
    data = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    messages = {}
    for key, value in data["messages"].items():
        ours = catalogue.get(key)
        value = value or (ours.string if ours is not None else "")
        if value:
            messages[key] = value
    data["messages"] = messages
    body = json.dumps(data, ensure_ascii=False, indent=4, sort_keys=True)
    target.write_text(f"Documentation.addTranslations({body});\n", encoding="utf-8")
    return target


def add_template(app, config) -> None:
    if config.provbook_search_bar_text:
        config.html_theme_options["search_bar_text"] = config.provbook_search_bar_text
    if not config.provbook_other_edition:
        return
    config.templates_path.insert(0, str(TEMPLATES))  # before the themes' own components
    # After the sidebar's toggle, where the header has room at 390 px (beside the buttons on
    # the right it wrapped onto a line of its own, half above the top of a phone's screen).
    options = config.html_theme_options
    start = list(options.get("article_header_start") or ["toggle-primary-sidebar.html"])
    if SWITCH_TEMPLATE not in start:
        options["article_header_start"] = [*start, SWITCH_TEMPLATE]


def setup(app):
    languages["vi"] = SearchVietnamese
    app.add_config_value("provbook_other_edition", {}, "html", types=[dict])
    app.add_config_value("provbook_search_bar_text", "", "html", types=[str])
    add_catalogue(app)
    app.connect("config-inited", add_template)
    app.connect("html-page-context", add_switch)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
