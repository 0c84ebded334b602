"""Keep the Vietnamese authored pages in step with the English ones.

Each authored page ``book/<name>.md`` has a Vietnamese twin ``book/vi/<name>.md`` (the parallel
source tree of the Vietnamese edition). The wording differs, the structure does not: both are
parsed with the parser MyST builds for the book (markdown-it with the plugins of the
``myst_enable_extensions`` in ``_config.yml``) and their blocks compared in order: headings (with
their level), paragraphs, lists and list items, tables (rows and cells), block quotes, definition
lists, directives (name, options such as ``:name:``, and the body of those whose body is MyST),
code blocks (language) and targets (``(label)=``). Inside a block, the cross-references it
carries ({doc}, {ref}, {cite:p}, {glue:text}, links ...) must be the same, in any order, and
every number of the English block must be in its twin (as digits, whatever the separators:
"1,227.6" and "1.227,6" are the same numbers; "2025-07-01" and "ngày 1 tháng 7 năm 2025" too).

The glossary is compared on headings, directives and targets only: its entries differ by design
(the English glossary explains Vietnamese terms, the Vietnamese one English terms).

:func:`check` returns one message per difference, each naming the page, the block's number and
line in both files and what is missing, so that a writer knows exactly where to look. Generated
pages (``book/_generated/``) and executed chapters are not authored pages and are not compared.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

#: The edition's folder inside book/ (each edition is its own Sphinx project: labels keep their
#: names).
TWIN_FOLDER = "vi"

#: Pages compared on headings, directives and targets only (their entries differ by design).
OUTLINE_ONLY = frozenset({"glossary.md"})

#: Directives whose body is MyST text: their blocks are compared too.
MARKDOWN_BODY = frozenset(
    {
        "admonition", "attention", "caution", "container", "danger", "div", "dropdown",
        "epigraph", "error", "figure", "hint", "important", "list-table", "margin", "note",
        "seealso", "sidebar", "tip", "topic", "warning", "card", "tab-item", "grid-item-card",
    }
)  # fmt: skip

#: Directives whose argument is reader text (a title), translated with the page. The argument of
#: any other directive (a path, a class, a file) must be the same in both editions.
PROSE_ARGUMENT = frozenset(
    {"admonition", "topic", "sidebar", "rubric", "dropdown", "card", "tab-item", "grid-item-card"}
)

#: Options that identify or place a block rather than word it: their values must be equal.
#: (Other options, e.g. a caption, are compared by name only.)
IDENTITY_OPTIONS = frozenset({"name", "label", "class", "filter", "style", "width", "align"})

#: Roles whose target differs by design between the editions: only the role is compared
#: ({term} points to the edition's own glossary, which turns around).
ROLE_ONLY = frozenset({"term"})

_OPTION = re.compile(r"^:([\w-]+):(?:\s+(.*))?$")
_TITLE_TARGET = re.compile(r"<([^<>]+)>\s*$")

#: Block token types (markdown-it) that are compared, with the word used in messages.
_OPENERS = {
    "paragraph_open": "paragraph",
    "bullet_list_open": "bulleted list",
    "ordered_list_open": "numbered list",
    "list_item_open": "list item",
    "blockquote_open": "block quote",
    "table_open": "table",
    "tr_open": "table row",
    "dl_open": "definition list",
    "dt_open": "defined term",
    "dd_open": "definition",
}
_LEAVES = {
    "hr": "horizontal rule",
    "html_block": "HTML block",
    "math_block": "math block",
    "front_matter": "front matter",
    "myst_block_break": "block break (+++)",
}


@dataclass
class Block:
    """One block of a page: what it is (``kind`` and ``detail``, compared), where it is."""

    kind: str
    detail: str
    depth: int
    line: int  # 1-based, in the page's file
    preview: str = ""
    refs: Counter = field(default_factory=Counter)
    text: str = ""

    @property
    def signature(self) -> tuple:
        return (self.kind, self.detail, self.depth)

    def describe(self) -> str:
        what = f"{self.kind} {self.detail}".strip()
        text = f": {self.preview!r}" if self.preview else ""
        return f"{what} at line {self.line}{text}"


def parser(extensions=()):
    """The markdown-it parser MyST builds for the book, with these ``myst_enable_extensions``."""
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    return create_md_parser(MdParserConfig(enable_extensions=set(extensions)), RendererHTML)


def book_extensions(root: Path) -> list[str]:
    """The ``parse.myst_enable_extensions`` of the book's ``_config.yml``."""
    import yaml

    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    return list((config.get("parse") or {}).get("myst_enable_extensions") or [])


def _preview(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")


def _refs(inline) -> Counter:
    """The cross-references an inline token carries: (role, target) and (link, address)."""
    found = Counter()
    for child in inline.children or ():
        if child.type == "myst_role":
            name = child.meta.get("name", "")
            if name in ROLE_ONLY:
                found[(name, "")] += 1
                continue
            titled = _TITLE_TARGET.search(child.content)
            target = titled.group(1) if titled else child.content
            for key in target.split(",") if name.startswith("cite") else [target]:
                found[(name, key.strip())] += 1
        elif child.type == "footnote_ref":
            found[("footnote", str(child.meta.get("label", "")))] += 1
        elif child.type == "link_open":
            found[("link", str(child.attrs.get("href", "")))] += 1
    return found


def _split_directive(content: str) -> tuple[dict, str, int]:
    """A directive's options, its body, and the number of lines the options take."""
    lines = content.splitlines()
    options: dict[str, str] = {}
    if lines and lines[0].strip() == "---":
        import yaml

        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if end is not None:
            loaded = yaml.safe_load("\n".join(lines[1:end])) or {}
            if isinstance(loaded, dict):
                options = {str(k): "" if v is None else str(v) for k, v in loaded.items()}
            return options, "\n".join(lines[end + 1 :]), end + 1
    taken = 0
    for line in lines:
        match = _OPTION.match(line.strip())
        if not match:
            break
        options[match.group(1)] = (match.group(2) or "").strip()
        taken += 1
    return options, "\n".join(lines[taken:]), taken


def _directive(token, depth: int, md, first_line: int) -> list[Block]:
    info = token.info.strip()
    name, _, argument = info[1:].partition("}")
    argument = argument.strip()
    options, body, taken = _split_directive(token.content)
    detail = "{" + name + "}"
    if argument and name not in PROSE_ARGUMENT:
        detail += " " + argument
    for key in sorted(options):
        value = options[key]
        detail += f" :{key}: {value}" if key in IDENTITY_OPTIONS and value else f" :{key}:"
    blocks = [Block("directive", detail, depth, first_line)]
    if name in MARKDOWN_BODY and body.strip():
        # The body starts after the fence line and the option lines.
        blocks += _blocks(md.parse(body), md, depth + 1, first_line + 1 + taken)
    return blocks


def _blocks(tokens, md, depth: int = 0, offset: int = 1) -> list[Block]:
    blocks: list[Block] = []
    last: Block | None = None
    for token in tokens:
        line = (token.map[0] if token.map else 0) + offset
        level = depth + token.level
        if token.type in _OPENERS:
            detail = ""
            last = Block(_OPENERS[token.type], detail, level, line)
            blocks.append(last)
        elif token.type == "heading_open":
            last = Block("heading", token.tag, level, line)
            blocks.append(last)
        elif token.type in ("th_open", "td_open") and blocks:
            row = next(b for b in reversed(blocks) if b.kind == "table row")
            cells = int(row.detail.split()[0][1:]) if row.detail else 0
            row.detail = f"({cells + 1} cells)"
        elif token.type == "inline" and last is not None:
            last.refs += _refs(token)
            last.text += token.content + " "
            if not last.preview:
                last.preview = _preview(token.content)
        elif token.type in ("fence", "colon_fence"):
            last = None
            if token.info.strip().startswith("{"):
                blocks += _directive(token, level, md, line)
            else:
                language = token.info.strip().split(" ")[0] or "(no language)"
                blocks.append(Block("code block", language, level, line))
        elif token.type == "code_block":
            last = None
            blocks.append(Block("code block", "(indented)", level, line))
        elif token.type == "footnote_reference_open":
            last = None
            blocks.append(Block("footnote", f"[^{token.meta.get('label', '')}]", level, line))
        elif token.type == "math_block_label":
            last = None
            blocks.append(Block("math block", f"({token.info})", level, line))
        elif token.type == "myst_target":
            last = None
            blocks.append(Block("target", f"({token.content})=", level, line))
        elif token.type in _LEAVES:
            last = None
            blocks.append(Block(_LEAVES[token.type], "", level, line))
    return blocks


def blocks(text: str, md=None, outline_only: bool = False) -> list[Block]:
    """The blocks of a page's MyST ``text``, in order (see the module's docstring)."""
    md = md or parser()
    found = _blocks(md.parse(text), md)
    if outline_only:
        found = [b for b in found if b.kind in ("heading", "directive", "target")]
    return found


_DIGITS = re.compile(r"\d+")
_CODE = re.compile(r"`([^`]+)`")
_ROLE = re.compile(r"\{[\w:.-]+\}`[^`]*`")
_FOOTNOTE = re.compile(r"\[\^[^\]]*\]")


def numbers(text: str) -> Counter:
    """The numbers of a block's text, outside roles, code and footnote references: each run of
    digits, as an integer (separators and the order of a date's parts differ between the
    languages, the digits not)."""
    prose = _FOOTNOTE.sub(" ", _CODE.sub(" ", _ROLE.sub(" ", text)))
    return Counter(int(run) for run in _DIGITS.findall(prose))


def _refs_text(refs: Counter) -> str:
    shown = []
    for (role, target), n in sorted(refs.items()):
        if role == "link":
            item = f"the link to {target}"
        elif role == "footnote":
            item = f"the footnote reference [^{target}]"
        else:
            item = "{" + role + "}" + (f"`{target}`" if target else "")
        shown.append(item + (f" ({n} times)" if n > 1 else ""))
    return ", ".join(shown)


def _heading_before(found: list[Block], index: int) -> str:
    for block in reversed(found[:index]):
        if block.kind == "heading":
            return f" (in the section at line {block.line}: {block.preview!r})"
    return ""


#: How much longer a Vietnamese text runs than its English twin, on average (characters).
LENGTH_RATIO = 1.15


def _likeness(a: Block, b: Block) -> float:
    """0 to 1: how much two blocks of the same kind look like twins, from what translation keeps
    (numbers, whatever the separators; code; references) and from their lengths."""
    anchors_a = Counter(_DIGITS.findall(a.text)) + Counter(_CODE.findall(a.text)) + a.refs
    anchors_b = Counter(_DIGITS.findall(b.text)) + Counter(_CODE.findall(b.text)) + b.refs
    union = sum((anchors_a | anchors_b).values())
    anchors = sum((anchors_a & anchors_b).values()) / union if union else 1.0
    la, lb = len(a.text), len(b.text) / LENGTH_RATIO
    length = min(la, lb) / max(la, lb) if max(la, lb) else 1.0
    return (anchors + length) / 2


def align(left: list[Block], right: list[Block]) -> list[tuple[int | None, int | None]]:
    """Pairs (i, j) of twin blocks, (i, None) for a block only the English has, (None, j) for one
    only the twin has, in page order. The most pairs of blocks of the same kind, level and detail;
    among those, the pairs that look most alike (so that the paragraph reported missing from a
    run of paragraphs is the one the twin really lacks)."""
    n, m = len(left), len(right)
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            best = max(score[i - 1][j], score[i][j - 1])
            if left[i - 1].signature == right[j - 1].signature:
                best = max(best, score[i - 1][j - 1] + 100 + _likeness(left[i - 1], right[j - 1]))
            score[i][j] = best
    pairs: list[tuple[int | None, int | None]] = []
    i, j = n, m
    while i or j:
        if (
            i
            and j
            and left[i - 1].signature == right[j - 1].signature
            and score[i][j] == score[i - 1][j - 1] + 100 + _likeness(left[i - 1], right[j - 1])
        ):
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif i and (not j or score[i][j] == score[i - 1][j]):
            pairs.append((i - 1, None))
            i -= 1
        else:
            pairs.append((None, j - 1))
            j -= 1
    return pairs[::-1]


def _changed_pairs(steps, left: list[Block], right: list[Block]):
    """The steps of :func:`align` as (i, j, changed): between two pairs of twins, a block only
    the English has and one only the twin has, of the same kind and level, are one block whose
    detail changed (a heading's level, a directive's option, a code block's language)."""
    out: list[tuple[int | None, int | None, bool]] = []
    run: list[tuple[int | None, int | None]] = []

    def flush():
        lonely = [j for i, j in run if i is None]
        paired = {}
        for i, _ in run:
            if i is None:
                continue
            same = [
                k
                for k in lonely
                if (right[k].kind, right[k].depth) == (left[i].kind, left[i].depth)
            ]
            if same:
                lonely.remove(same[0])
                paired[i] = same[0]
        for i, j in run:
            if i is None and j in lonely:
                out.append((None, j, False))
            elif i is not None:
                out.append((i, paired[i], True) if i in paired else (i, None, False))
        run.clear()

    for i, j in steps:
        if i is not None and j is not None:
            flush()
            out.append((i, j, False))
        else:
            run.append((i, j))
    flush()
    return out


def compare(
    english: str, twin: str, english_name: str, twin_name: str, md=None, outline_only=False
):
    """The differences between an English page's text and its twin's, one message each."""
    md = md or parser()
    left = blocks(english, md, outline_only)
    right = blocks(twin, md, outline_only)
    problems = []
    previous = None  # the twin's last block that has an English twin
    for i, j, changed in _changed_pairs(align(left, right), left, right):
        if changed:
            previous = j
            problems.append(
                f"{twin_name} block {j + 1} ({right[j].describe()}){_heading_before(right, j)} "
                f"differs from its twin, {english_name} block {i + 1} ({left[i].describe()}): "
                f"make it a {left[i].kind} {left[i].detail}".rstrip()
            )
        elif i is not None and j is not None:
            previous = j
            lacks, extra = left[i].refs - right[j].refs, right[j].refs - left[i].refs
            where = (
                f"{twin_name}, block {j + 1} ({right[j].kind} at line {right[j].line}), "
                f"the twin of {english_name} block {i + 1} ({left[i].describe()})"
            )
            if lacks:
                problems.append(f"{where}: lacks {_refs_text(lacks)}")
            if extra:
                problems.append(f"{where}: has {_refs_text(extra)}, which the English lacks")
            missing = numbers(left[i].text) - numbers(right[j].text)
            if missing:
                shown = ", ".join(str(n) for n in sorted(missing.elements()))
                problems.append(f"{where}: lacks the number(s) {shown}")
        elif j is None:
            place = (
                f"after {twin_name} block {previous + 1} ({right[previous].describe()})"
                if previous is not None
                else f"at the start of {twin_name}"
            )
            problems.append(
                f"{english_name} block {i + 1} ({left[i].describe()}){_heading_before(left, i)} "
                f"has no twin in {twin_name}: add a {left[i].kind} {place}"
            )
        else:
            problems.append(
                f"{twin_name} block {j + 1} ({right[j].describe()}){_heading_before(right, j)} "
                f"has no twin in {english_name}: the English page has no {right[j].kind} here "
                f"(remove it, or add its English twin)"
            )
    return problems


def authored_pages(book: Path) -> list[Path]:
    """The English authored pages: every ``book/*.md`` (not generated pages, not chapters)."""
    return sorted(book.glob("*.md"))


def check(root: Path, expected_missing=frozenset()) -> list[str]:
    """Every difference between the authored pages under ``root/book`` and their twins.

    ``expected_missing``: names of pages whose twin is not written yet (reported if it exists).
    """
    book = root / "book"
    vi = book / TWIN_FOLDER
    md = parser(book_extensions(root))
    problems = []
    english = authored_pages(book)
    for page in english:
        twin = vi / page.name
        english_name, twin_name = f"book/{page.name}", f"book/{TWIN_FOLDER}/{page.name}"
        if not twin.exists():
            if page.name not in expected_missing:
                problems.append(
                    f"{english_name} has no Vietnamese twin: write {twin_name} "
                    "(the same blocks, in Vietnamese)"
                )
            continue
        if page.name in expected_missing:
            problems.append(
                f"{twin_name} exists now: remove {page.name!r} from the expected-missing pages"
            )
        problems += compare(
            page.read_text(encoding="utf-8"),
            twin.read_text(encoding="utf-8"),
            english_name,
            twin_name,
            md,
            outline_only=page.name in OUTLINE_ONLY,
        )
    names = {p.name for p in english}
    for twin in sorted(vi.glob("*.md")) if vi.is_dir() else []:
        if twin.name not in names:
            problems.append(
                f"book/{TWIN_FOLDER}/{twin.name} has no English page book/{twin.name}: "
                "remove it, or write the English page"
            )
    return problems


def main(argv=None) -> int:
    """``python -m provbook.publish.page_parity [ROOT]``: print every difference; exit 1 if any."""
    import sys

    args = sys.argv[1:] if argv is None else list(argv)
    root = Path(args[0]) if args else Path(__file__).resolve().parents[2]
    problems = check(root)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} difference(s) between the authored pages and their twins in book/vi/")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())


def glossary_terms(text: str, md=None) -> set[str]:
    """The terms a page's ``{glossary}`` directives define (lower case, as Sphinx matches them):
    the unindented lines of the directive's body, several lines for one entry allowed."""
    md = md or parser()
    terms = set()
    for token in md.parse(text):
        if token.type in ("fence", "colon_fence") and token.info.strip().startswith("{glossary}"):
            _, body, _ = _split_directive(token.content)
            terms |= {
                line.strip().lower()
                for line in body.splitlines()
                if line.strip() and not line[0].isspace()
            }
    return terms


def term_targets(text: str, md=None) -> set[str]:
    """The targets of the ``{term}`` roles of a page (lower case), in its text and directives."""
    md = md or parser()
    found = set()

    def walk(tokens):
        for token in tokens:
            if token.type in ("fence", "colon_fence") and token.info.strip().startswith("{"):
                walk(md.parse(_split_directive(token.content)[1]))
            for child in token.children or ():
                if child.type == "myst_role" and child.meta.get("name") == "term":
                    titled = _TITLE_TARGET.search(child.content)
                    found.add(
                        " ".join((titled.group(1) if titled else child.content).split()).lower()
                    )

    walk(md.parse(text))
    return found


def unknown_terms(root: Path, templates=()) -> list[str]:
    """``{term}`` roles of each edition's authored pages that its own glossary does not define
    (the two glossaries differ: a term of the English one may be missing from the Vietnamese).
    ``templates``: more MyST files whose terms the Vietnamese glossary must define too (the
    English chapter templates, whose Vietnamese twins translate their cells and keep the roles)."""
    md = parser(book_extensions(root))
    problems = []
    for folder, extra in ((root / "book", ()), (root / "book" / TWIN_FOLDER, templates)):
        glossary = folder / "glossary.md"
        if not glossary.exists():
            continue
        defined = glossary_terms(glossary.read_text(encoding="utf-8"), md)
        for page in [*sorted(folder.glob("*.md")), *extra]:
            for term in sorted(term_targets(page.read_text(encoding="utf-8"), md) - defined):
                name = page.relative_to(root).as_posix()
                problems.append(
                    f"{name}: {{term}}`{term}` is not in {glossary.relative_to(root).as_posix()}"
                )
    return problems
