"""Is a page written in its edition's language? English words in the Vietnamese edition and
Vietnamese sentences in the English one, found in what a reader reads.

Three steps, each usable alone:

- :func:`reader_text` takes a built page's HTML and keeps the reader text of its main content
  (the theme's ``<article>``): no code blocks, no inline code, no scripts, no heading anchors, no
  addresses, and none of the proper names that come from ``data/`` (:func:`data_names`:
  provinces' and units' names, outlets, authors, document, park and project names and the
  sources' titles). A removed name leaves a break, so the words on either side of it never
  join into one run.
- :func:`english_words` finds common English words (:data:`ENGLISH_WORDS`) in a text. Only words
  that cannot be Vietnamese are listed: Vietnamese written without its diacritics is also plain
  ASCII ('an', 'to', 'do', 'hai', 'long', 'can', 'in', 'me', 'no', 'may' are Vietnamese
  syllables), so such words are left out and an abbreviation in capitals (GRDP, FDI) is never a
  word.
- :func:`vietnamese_sentences` finds runs of Vietnamese prose: at least
  :data:`MIN_RUN_WORDS` consecutive Vietnamese words (carrying Vietnamese diacritics, or one of
  the Vietnamese syllables written without them), at least half of them with diacritics, within
  one clause. A name or a term of three words ("khu công nghiệp") is not a sentence.

Pure string work with the standard library's HTML parser: fast enough to run over every page of
both editions in a fast test.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from html.parser import HTMLParser

#: Common English words that are not Vietnamese syllables (function words and the book's own
#: content words). Deliberately missing: words that Vietnamese also writes in plain ASCII, and
#: loanwords Vietnamese economists write as they are ('logistics': dịch vụ logistics).
ENGLISH_WORDS = frozenset(
    """
    the of and or but for from with without into onto upon over under between among through
    during before after above below about against within along across behind beyond toward
    towards is are was were be been being has have had having does did done doing will would
    shall should could might must this that these those which who whom whose what where when
    why how there here their theirs they them he she his her hers its it's our ours we you your
    yours us not nor only also very more most less least many much few each every all any some
    such other another same than then than too just both either neither whether while because
    since although though unless until if else so yet still again once ever never always often
    first second third last next new old per one two three four five six seven eight nine ten
    hundred thousand million billion
    province provinces provincial district city cities country national local region regions
    regional growth target targets targeted industrial industry industries park parks zone
    zones cluster clusters figure figures table tables source sources year years month months
    day days date dates page pages chapter chapters book section sections appendix reference
    references note notes data value values number numbers share total average median rate
    rates index score rank ranked ranking population density area capital investment
    investor investors investments foreign direct enterprise enterprises company companies
    firm firms project projects plan plans planned planning policy policies strategy
    strategies document documents resolution decision decree report reports reported result
    results status statuses kind kinds type types sector sectors priority priorities
    statistics statistical official officially office government ministry people persons
    person workers labour labor employment income export exports import imports production
    output manufacturing processing energy power electricity infrastructure land hectares
    square people's economic economy development developed developing agriculture services
    service trade transport port ports tourism merger merged formed before
    since until compared comparison compare rise rose fall fell fallen increase increased
    decrease decreased grew grow grown growing higher lower highest lowest largest smallest
    large small big little high low stated known unknown missing shown shows show see read
    written write writes lists list listed counted count counts gives given give set sets
    aims aim aimed reach reached goal goals by at on under
    cited cite citation article articles press news outlet author authors title titles
    headline address copy original published publisher retrieved licence license
    download downloads chart charts map maps legend axis caption captions
    between around nearly almost least greater smaller among whole part parts
    ahead behind across without within based according following follows shown
    """.split()
)
#: Plain-ASCII words that are also Vietnamese syllables (Vietnamese written without its
#: diacritics, or a word of its own: 'so sánh', 'than', 'can thiệp', 'in ra', 'Long An'): never
#: counted as English, whatever list they come from.
VIETNAMESE_TOO = frozenset(
    "a i an to do in me no may can long hai ban con tin sang so he be day than la ma ca".split()
)
ENGLISH_WORDS = ENGLISH_WORDS - VIETNAMESE_TOO

#: Vietnamese syllables often written without a diacritic (function words and common
#: syllables): they belong to a run of Vietnamese prose like the words with diacritics.
VIETNAMESE_PLAIN = frozenset(
    """
    trong theo cho sau nay khi hay ra an anh binh cao con chi chung gia giao hai hoa khu kinh
    lao long minh nam nhau nhanh qua quy sang sinh ta tam tan tham thanh thi tin tinh tranh
    trinh trung vi xanh yen lanh canh ban doanh
    """.split()
)

#: Letters that only Vietnamese (of the two languages) writes: every letter with a diacritic,
#: and đ.
_VI_LETTER = re.compile(r"[À-ỹđĐ]")
_WORD = re.compile(r"[A-Za-zÀ-ỹđĐ]+(?:['’][A-Za-z]+)?")
#: Where a clause ends: a run of Vietnamese words does not cross these (a comma included: a
#: list of Vietnamese terms, "điện gió, điện mặt trời", is not a sentence).
_CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]{}\"“”|\n\u241e]+|\s[-–—]\s")
_URL = re.compile(r"(?:https?://|www\.)\S+")
#: A file name or path ('data/sources.csv', 'choisy/gso'), printed as it is: not words.
_PATH = re.compile(
    r"[\w.-]*\w/[\w./-]*|\b[\w-]+\.(?:csv|md|py|json|toml|ipynb|yml|txt|zip|geojson)\b"
)
#: What a removed name leaves behind: a clause break (SYMBOL FOR RECORD SEPARATOR).
NAME_BREAK = " \u241e "
#: The shortest run of Vietnamese words counted as a sentence.
MIN_RUN_WORDS = 4

#: Elements whose text a reader does not read as prose.
_SKIPPED = {"script", "style", "pre", "code", "kbd", "samp", "tt", "svg", "math", "template"}
#: Classes of elements left out with everything inside them (code cells, heading anchors).
_SKIPPED_CLASSES = {"highlight", "headerlink", "cell_input", "pre", "copybtn", "MathJax"}
#: Elements that end a line of text (so words of two paragraphs never join).
_BLOCKS = {
    "p", "div", "li", "ul", "ol", "table", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
    "dt", "dd", "dl", "br", "section", "figure", "figcaption", "caption", "blockquote",
}  # fmt: skip
_VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "col", "source", "area", "base"}


class _ReaderText(HTMLParser):
    """The text of the main content (the first ``<article>``, else ``<main>``, else the whole
    page) without what :data:`_SKIPPED` and :data:`_SKIPPED_CLASSES` name."""

    def __init__(self, container: str):
        super().__init__(convert_charrefs=True)
        self.container = container
        self.inside = container == ""
        self.done = False
        self.depth = 0  # open elements inside the container
        self.skip_depth = 0  # > 0 while inside a skipped element
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self.done:
            return
        if not self.inside:
            if tag == self.container:
                self.inside, self.depth = True, 1
            return
        if tag in _VOID:
            if tag == "br":
                self.parts.append("\n")
            return
        self.depth += 1
        classes = set((dict(attrs).get("class") or "").split())
        if self.skip_depth or tag in _SKIPPED or classes & _SKIPPED_CLASSES:
            self.skip_depth += 1
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if self.done or not self.inside or tag in _VOID:
            return
        if self.skip_depth:
            self.skip_depth -= 1
        if tag in _BLOCKS:
            self.parts.append("\n")
        self.depth -= 1
        if self.container and self.depth == 0:
            self.done = True

    def handle_data(self, data):
        if self.inside and not self.done and not self.skip_depth:
            self.parts.append(data)


def _container(html: str) -> str:
    for tag in ("article", "main", "body"):
        if re.search(rf"<{tag}[\s>]", html):
            return tag
    return ""


def reader_text(html: str, names: Iterable[str] = ()) -> str:
    """The text a reader reads in a page's main content: no code (blocks or inline), no URLs or
    file paths, and each of ``names`` (proper names and titles, e.g. :func:`data_names`)
    replaced by a clause break, longest first so that 'Thành phố Hồ Chí Minh' goes before
    'Hồ Chí Minh'."""
    parser = _ReaderText(_container(html))
    parser.feed(html)
    parser.close()
    text = unicodedata.normalize("NFC", "".join(parser.parts))
    text = _URL.sub(NAME_BREAK, text)
    text = re.sub(r"[ \t\r\f\v\u00a0]+", " ", text)
    wanted = {" ".join(unicodedata.normalize("NFC", n).split()) for n in names}
    wanted = sorted((n for n in wanted if n.strip()), key=len, reverse=True)
    if wanted:
        # Whole words only: the name 'An Giang' must not eat the 'an' of 'Long An Giang'...
        pattern = re.compile(
            r"(?<![\wÀ-ỹ])(?:" + "|".join(re.escape(n) for n in wanted) + r")(?![\wÀ-ỹ])"
        )
        text = pattern.sub(NAME_BREAK, text)
    text = _PATH.sub(NAME_BREAK, text)  # after the names: 'NSO/GSO' is part of one
    return re.sub(r"\n\s*\n+", "\n", text).strip()


def english_words(text: str) -> list[str]:
    """The common English words in ``text`` (lower case, each once, in order of appearance).
    A word in capitals (an abbreviation: GRDP, PCI) is never counted."""
    found: dict[str, None] = {}
    for match in _WORD.finditer(text):
        word = match.group()
        if len(word) > 1 and word.isupper():
            continue
        lower = re.sub(r"['’]s$", "", word.lower())  # the province's -> province
        if lower in ENGLISH_WORDS:
            found.setdefault(lower, None)
    return list(found)


def _vietnamese(word: str) -> bool:
    return bool(_VI_LETTER.search(word)) or word.lower() in VIETNAMESE_PLAIN


def vietnamese_sentences(text: str, min_words: int = MIN_RUN_WORDS) -> list[str]:
    """Runs of Vietnamese prose in ``text``: within a clause, ``min_words`` or more consecutive
    Vietnamese words (numbers and abbreviations in capitals may sit between them), at least half
    of them with diacritics. Each run is returned as it reads in the text."""
    runs = []
    for clause in _CLAUSE_BREAK.split(text):
        run: list[re.Match] = []
        for match in [*_WORD.finditer(clause), None]:
            word = match.group() if match else ""
            if match and _vietnamese(word):
                run.append(match)
                continue
            if match and word.isupper() and len(word) > 1 and run:
                continue  # an abbreviation inside a Vietnamese run (GRDP, KCN) keeps it going
            accented = sum(bool(_VI_LETTER.search(m.group())) for m in run)
            if len(run) >= min_words and 2 * accented >= len(run):
                runs.append(clause[run[0].start() : run[-1].end()])
            run = []
    return runs


def data_names(data_dir: str | os.PathLike[str] | None = None) -> list[str]:
    """The proper names and titles of ``data/`` that reader text may quote in either language:
    provinces' and units' names (full and short), outlets, authors, the sources' titles (the
    original and the translations), documents' titles and issuers, parks' and projects' names
    and places, and where a source was retrieved from (a repository, its folder and commit)."""
    from provbook.datapackage import data

    columns = {
        "provinces": ["name_vi"],
        "units_2025": ["name_vi", "name_short"],
        "sources": ["outlet", "author", "title", "title_en", "title_vi", "retrieved_from"],
        "documents": ["title_vi", "title_en", "issued_by", "issued_by_vi"],
        "parks": ["name", "district", "developer"],
        "projects": ["name", "location"],
    }
    names: set[str] = set()
    for table, wanted in columns.items():
        frame = data.load(table, data_dir)
        for column in wanted:
            if column in frame.columns:
                names.update(
                    str(v) for v in frame[column].dropna() if str(v).strip().lower() != "unknown"
                )
    # The references print a series title without the span of years it ends with, and a
    # translated or supplied title without its square brackets around it in the data.
    names |= {_YEAR_SPAN.sub("", n) for n in names}
    names |= {n.strip("[]") for n in names}
    return sorted(n for n in names if n.strip())


_YEAR_SPAN = re.compile(r"\s+\d{4}\s*[-–]\s*\d{4}(?=\]?$)")
