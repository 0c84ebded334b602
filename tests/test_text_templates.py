"""The chapter templates are MyST Markdown text (notebooks/*.md): what the pipeline executes is
that text, cell for cell, and a malformed template is named by file and line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jupytext
import pytest

from provbook.build import folders, tasks, template

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = [folders.PROVINCE_TEMPLATE, folders.UNIT_TEMPLATE, folders.COMPARATIVE_TEMPLATE]
#: A code cell of the text: its fence, its ``:tags:`` option if any, and its code.
CODE_CELL = re.compile(
    r"^```\{code-cell\}[^\n]*\n(?::tags: \[([^\]]*)\]\n\n)?(.*?)\n```$", re.M | re.S
)
#: A markdown cell's metadata line.
MARKDOWN_TAGS = re.compile(r"^\+\+\+ (\{.*\})$", re.M)


def _tags(cell) -> list[str]:
    return list(cell.metadata.get("tags", []))


@pytest.mark.parametrize("relative", TEMPLATES)
def test_the_pipeline_executes_the_text_cell_for_cell(relative):
    """Read from the text by hand (fences and metadata lines), not by jupytext: the code cells
    papermill gets are the text's code cells, in order, with their tags; the markdown cells are
    the text's, tagged as its ``+++`` lines say; the first code cell is the parameters cell."""
    path = ROOT / relative
    text = path.read_text(encoding="utf-8")
    nb = template.read(path)
    written = [
        ([t.strip() for t in tags.split(",")] if tags else [], code)
        for tags, code in CODE_CELL.findall(text)
    ]
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [(_tags(c), c.source) for c in code] == written
    assert _tags(code[0]) == ["parameters"]
    markdown = [c for c in nb.cells if c.cell_type == "markdown"]
    assert all(c.source and c.source in text for c in markdown)
    tagged = [json.loads(m)["tags"] for m in MARKDOWN_TAGS.findall(text)]
    assert [_tags(c) for c in markdown if _tags(c)] == tagged
    assert [c.id for c in nb.cells] == [f"cell-{n}" for n in range(len(nb.cells))]
    assert set(nb.metadata) == {"kernelspec"}  # no jupytext header in the executed chapter

    # What render_template gives papermill (here with no figure shown, so every only-if-*
    # cell goes): the same code, only the marker filled; the other markdown cells, in order.
    rendered = tasks.render_template(path, {})
    filled = [c.source.replace("{{ template_filled }}", "filled") for c in code]
    assert [c.source for c in rendered.cells if c.cell_type == "code"] == filled
    always = [c.id for c in markdown if not any(t.startswith("only-if-") for t in _tags(c))]
    assert [c.id for c in rendered.cells if c.cell_type == "markdown"] == always


@pytest.mark.parametrize("relative", TEMPLATES)
def test_saving_in_jupyter_gives_the_same_text(relative):
    """jupytext (what Jupyter saves through) writes the template back unchanged: opening and
    saving a template in Jupyter adds no noise to its diff."""
    text = (ROOT / relative).read_text(encoding="utf-8")
    assert jupytext.writes(jupytext.reads(text, fmt="md:myst"), fmt="md:myst") == text


def _broken(tmp_path: Path, old: str, new: str, count: int = 1) -> tuple[Path, str]:
    text = (ROOT / folders.PROVINCE_TEMPLATE).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "province.md"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path, text.replace(old, new, count)


def _line(text: str, fragment: str, nth: int = 0) -> int:
    return [n for n, line in enumerate(text.splitlines(), start=1) if fragment in line][nth]


def test_a_code_cell_without_its_closing_fence_is_named_by_line(tmp_path):
    """The first code cell's closing fence deleted: the next cell's fence is inside it."""
    text = (ROOT / folders.PROVINCE_TEMPLATE).read_text(encoding="utf-8")
    path, lines = tmp_path / "province.md", text.splitlines()
    opened = _line(text, "```{code-cell}")
    closing = next(n for n in range(opened, len(lines)) if lines[n] == "```")
    del lines[closing]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(template.TemplateError) as error:
        template.read(path)
    second = _line("\n".join(lines), "```{code-cell}", 1)
    assert str(error.value).startswith(f"{path}, line {second}: a new cell starts inside")
    assert f"opened on line {opened}" in str(error.value)


def test_a_fence_never_closed_is_named_by_line(tmp_path):
    path, text = _broken(tmp_path, "", "")
    path.write_text(text + "\n```{code-cell}\nx = 1\n", encoding="utf-8")
    with pytest.raises(template.TemplateError, match=r"line \d+: the fence opened here") as error:
        template.read(path)
    last = len(text.splitlines()) + 2
    assert f"{path}, line {last}:" in str(error.value)


def test_an_unknown_tag_is_named_by_file_line_and_the_allowed_tags(tmp_path):
    path, text = _broken(tmp_path, ":tags: [remove-input]", ":tags: [remove-inptu]")
    with pytest.raises(template.TemplateError) as error:
        template.read(path)
    message = str(error.value)
    assert message.startswith(f"{path}, line {_line(text, 'remove-inptu')}: unknown tag")
    assert "'remove-inptu'" in message and "remove-input" in message and "only-if-" in message


def test_an_unknown_markdown_tag_and_bad_options_are_named(tmp_path):
    path, text = _broken(tmp_path, '+++ {"tags": ["only-if-', '+++ {"tags": ["only_if-')
    with pytest.raises(template.TemplateError, match=rf"line {_line(text, 'only_if-')}: unknown"):
        template.read(path)
    path, text = _broken(tmp_path, ":tags: [parameters]", ":tags: [parameters")
    with pytest.raises(template.TemplateError, match=rf"^{path}: not a MyST Markdown notebook"):
        template.read(path)


def test_the_build_and_run_stop_on_a_malformed_template_before_any_work(tmp_path, provbook_main):
    """A checkout whose province template has a misspelt tag: both commands name the file and
    line, exit 2 and write nothing (the check comes before the data's validation)."""
    import shutil

    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "provinces.csv", project / "data")
    province = project / folders.PROVINCE_TEMPLATE
    province.parent.mkdir()
    text = (ROOT / folders.PROVINCE_TEMPLATE).read_text(encoding="utf-8")
    province.write_text(text.replace(":tags: [hide-input]", ":tags: [hid]", 1), "utf-8")
    out = tmp_path / "long-an.ipynb"
    for args in (
        ["build", "--root", str(project), "--province", "long-an"],
        ["run", "long-an", "--root", str(project), "-o", str(out)],
    ):
        done = provbook_main(*args)
        assert done.returncode == 2, done.stderr
        line = _line(province.read_text(encoding="utf-8"), ":tags: [hid]")
        assert f"{province}, line {line}: unknown tag 'hid'" in done.stderr
        assert "Traceback" not in done.stderr
    assert not (project / "book").exists()  # no chapter executed
    assert not list(tmp_path.rglob("*.ipynb"))


def test_the_notebook_for_plain_papermill_is_the_pipelines(tmp_path, capsys):
    """``python -m provbook.build.template`` writes what the pipeline reads, for papermill."""
    import nbformat

    source = ROOT / folders.UNIT_TEMPLATE
    out = tmp_path / "unit.ipynb"
    assert template.main([str(source), "-o", str(out)]) == 0
    assert nbformat.read(out, as_version=4) == template.read(source)
    assert template.main([str(source)]) == 0
    assert nbformat.reads(capsys.readouterr().out, as_version=4) == template.read(source)
    with pytest.raises(template.TemplateError, match="ends in .md"):
        template.read(out)  # notebook JSON is not read as Markdown text
    with pytest.raises(template.TemplateError, match="missing.md: cannot read the template"):
        template.read(tmp_path / "missing.md")
    broken = tmp_path / "broken.md"
    broken.write_text("```{code-cell}\nx = 1\n", encoding="utf-8")
    assert template.main([str(broken), "-o", str(tmp_path / "broken.ipynb")]) == 1
    assert f"{broken}, line 1: the fence opened here" in capsys.readouterr().err
    assert not (tmp_path / "broken.ipynb").exists()


TOY_TEMPLATE = """# Title {{ name_vi }}

Intro.

```{code-cell}
:tags: [parameters]

lang = "en"
```

+++ {"tags": ["only-if-map"]}

The map.
"""


def _toy(tmp_path: Path, twin: str) -> Path:
    path = tmp_path / "toy.md"
    path.write_text(TOY_TEMPLATE, encoding="utf-8")
    (tmp_path / "vi").mkdir()
    (tmp_path / "vi" / "toy.md").write_text(twin, encoding="utf-8")
    return path


def test_a_twin_gives_the_markdown_and_the_english_template_the_code(tmp_path):
    path = _toy(
        tmp_path, '# Tiêu đề {{ name_vi }}\n\nMở đầu.\n\n+++ {"tags": ["only-if-map"]}\n\nBản đồ.\n'
    )
    english, vietnamese = template.read(path), template.read(path, "vi")
    assert [c.cell_type for c in vietnamese.cells] == [c.cell_type for c in english.cells]
    assert [c.source for c in vietnamese.cells] == [
        "# Tiêu đề {{ name_vi }}\n\nMở đầu.",
        english.cells[1].source,
        "Bản đồ.",
    ]
    assert _tags(vietnamese.cells[2]) == ["only-if-map"]


@pytest.mark.parametrize(
    ("twin", "message"),
    [
        ("# Tiêu đề\n", r"1 markdown cells, but .*toy.md has 2"),
        ('# Tiêu đề\n\n+++ {"tags": ["only-if-parks"]}\n\nBản đồ.\n', r"markdown cell 2 has tags"),
        ("# Tiêu đề\n\n```{code-cell}\nx = 1\n```\n\nBản đồ.\n", r"holds a code cell"),
    ],
)
def test_a_twin_out_of_step_is_refused_with_the_cell(tmp_path, twin, message):
    with pytest.raises(template.TemplateError, match=message):
        template.read(_toy(tmp_path, twin), "vi")


def test_a_missing_twin_is_named(tmp_path):
    path = tmp_path / "toy.md"
    path.write_text(TOY_TEMPLATE, encoding="utf-8")
    with pytest.raises(template.TemplateError, match=r"vi/toy.md: missing"):
        template.read(path, "vi")
