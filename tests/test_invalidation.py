"""Which chapters re-run after each kind of change, and the rebuild that does nothing."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

from conftest import TWO

from provbook.build import inputs


def _statuses(stdout: str) -> dict[str, str]:
    found = re.findall(r"^\s+(executed|up to date|failed)\s+(\S+)", stdout, re.M)
    return {name: status for status, name in found}


def _edit_first_row_of(path: Path, province: str, column: str, value: str) -> None:
    """Change one cell of the first row of ``province`` in a CSV, keeping everything else."""
    text = path.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    index = rows[0].index(column)
    row = next(r for r in rows[1:] if r[rows[0].index("province_id")] == province)
    assert row[index] != value
    row[index] = value
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def test_one_row_reexecutes_its_province_and_the_comparison(run_provbook, built_two: Path):
    project = built_two  # every chapter executed once (build *TWO)
    build = ["build", "--root", str(project), *TWO, "--no-html"]

    # One of Long An's article rows: Long An and the comparison, not Bạc Liêu.
    _edit_first_row_of(project / "data" / "targets.csv", "long-an", "note", "edited note")
    after_row = run_provbook(*build)
    assert after_row.returncode == 0, after_row.stdout + after_row.stderr
    assert _statuses(after_row.stdout) == {
        "bac-lieu": "up to date",
        "long-an": "executed",
        "comparative": "executed",
    }

    # Priorities are compared across provinces: every chapter reads them in full.
    priorities = project / "data" / "codebook" / "priorities.csv"
    _edit_first_row_of(priorities, "long-an", "evidence", "edited evidence")
    after_priorities = run_provbook(*build)
    assert after_priorities.returncode == 0, after_priorities.stderr
    assert set(_statuses(after_priorities.stdout).values()) == {"executed"}

    # A shared table (statistics) re-runs everything too.
    statistics = project / "data" / "statistics.csv"
    _edit_first_row_of(statistics, "bac-lieu", "status", "preliminary")
    after_statistics = run_provbook(*build)
    assert after_statistics.returncode == 0, after_statistics.stderr
    assert set(_statuses(after_statistics.stdout).values()) == {"executed"}


def test_no_change_rebuild_does_nothing_and_a_page_change_only_rebuilds_html(
    run_provbook, built_two: Path
):
    project = built_two  # built once with *TWO, HTML too, in another folder: stamped as built
    build = ["build", "--root", str(project), *TWO]
    chapter = project / "book" / "provinces" / "long-an.ipynb"
    index = project / "_build" / "html" / "index.html"
    before = (chapter.stat().st_mtime_ns, index.stat().st_mtime_ns)

    again = run_provbook(*build)
    assert again.returncode == 0, again.stderr
    assert "Nothing changed since the last build" in again.stdout
    assert "Executing" not in again.stdout  # nothing planned, validated or built
    assert (chapter.stat().st_mtime_ns, index.stat().st_mtime_ns) == before

    intro = project / "book" / "intro.md"
    intro.write_text(intro.read_text(encoding="utf-8") + "\nA new sentence.\n", encoding="utf-8")
    page = run_provbook(*build)
    assert page.returncode == 0, page.stderr
    assert set(_statuses(page.stdout).values()) == {"up to date"}
    assert "HTML is up to date" not in page.stdout
    assert chapter.stat().st_mtime_ns == before[0]
    home = next((project / "_build" / "html").rglob("intro.html")).read_text(encoding="utf-8")
    assert "A new sentence." in home

    # An output removed by hand is noticed: the build is not skipped.
    chapter.unlink()
    missing = run_provbook(*build)
    assert missing.returncode == 0, missing.stderr
    assert _statuses(missing.stdout)["long-an"] == "executed"
    assert _statuses(missing.stdout)["bac-lieu"] == "up to date"


def test_validation_is_skipped_only_for_data_that_validated_clean(run_provbook, built_two: Path):
    project = built_two  # built once: its data validated clean
    build = ["build", "--root", str(project), *TWO, "--no-html"]
    stamp = project / "_build" / ".provbook-valid.json"
    assert stamp.exists()
    provinces = project / "data" / "provinces.csv"
    _edit_first_row_of(provinces, "long-an", "gso_code", "not-a-number")
    broken = run_provbook(*build)
    assert broken.returncode == 1
    assert "provinces.csv" in broken.stderr and "gso_code" in broken.stderr
    assert "Nothing was built" in broken.stderr


def test_code_hash_follows_only_the_modules_a_chapter_imports(tmp_path: Path):
    package = tmp_path / "provbook"
    shutil.copytree(inputs.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    template = inputs.PACKAGE_DIR.parent / "notebooks" / "province.md"
    before = inputs.code_hash(template, package)
    for only_elsewhere in ("cli.py", "draw/layout.py", "publish/pdf.py"):
        (package / only_elsewhere).write_text("# changed\n", encoding="utf-8")
    assert inputs.code_hash(template, package) == before
    facts = package / "chapters" / "province" / "facts.py"
    facts.write_text(facts.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert inputs.code_hash(template, package) != before


def test_code_hash_covers_the_execution_of_a_notebook_not_the_html_step(tmp_path: Path):
    """build/tasks.py executes and finalizes every notebook: a change there re-executes them;
    the HTML step, the folders and the planning do not shape a notebook."""
    package = tmp_path / "provbook"
    shutil.copytree(inputs.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    template = inputs.PACKAGE_DIR.parent / "notebooks" / "province.md"
    before = inputs.code_hash(template, package)
    for only_elsewhere in ("build/html.py", "build/folders.py", "build/pipeline.py"):
        path = package / only_elsewhere
        path.write_text(path.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert inputs.code_hash(template, package) == before
    tasks = package / "build" / "tasks.py"
    tasks.write_text(tasks.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert inputs.code_hash(template, package) != before


def test_a_template_cell_that_is_no_python_makes_the_chapter_depend_on_every_module(
    tmp_path: Path,
):
    """Code the hash cannot read: the chapter depends on the whole package, subfolders too."""
    package = tmp_path / "provbook"
    shutil.copytree(inputs.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    template = tmp_path / "province.md"
    text = (inputs.PACKAGE_DIR.parent / "notebooks" / "province.md").read_text(encoding="utf-8")
    setup = "from provbook.chapters import province as chapter\n"
    template.write_text(text.replace(setup, setup + "def broken(:\n"), encoding="utf-8")
    names = inputs.template_imports(template)
    assert {"provbook.draw.layout", "provbook.publish.pdf", "provbook.cli"} <= names
    before = inputs.code_hash(template, package)
    layout = package / "draw" / "layout.py"
    layout.write_text(layout.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert inputs.code_hash(template, package) != before


def test_code_hash_reads_the_imports_of_the_text_template(tmp_path: Path):
    """The modules a chapter runs are read from its text template: an import added to a code
    cell of ``notebooks/province.md`` brings that module's code into the chapter's hash."""
    package = tmp_path / "provbook"
    shutil.copytree(inputs.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    text = (inputs.PACKAGE_DIR.parent / "notebooks" / "province.md").read_text(encoding="utf-8")
    setup = "from provbook.chapters import province as chapter\n"
    assert text.count(setup) == 1 and "provbook.publish" not in text
    template = tmp_path / "province.md"
    template.write_text(text, encoding="utf-8")
    pdf = package / "publish" / "pdf.py"
    before = inputs.code_hash(template, package)
    pdf.write_text(pdf.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert inputs.code_hash(template, package) == before
    template.write_text(text.replace(setup, setup + "import provbook.publish.pdf\n"), "utf-8")
    assert "provbook.publish.pdf" in inputs.template_imports(template)
    with_import = inputs.code_hash(template, package)
    pdf.write_text(pdf.read_text(encoding="utf-8") + "\n# changed again\n", encoding="utf-8")
    assert inputs.code_hash(template, package) != with_import


def test_a_template_change_reexecutes_its_chapters_only(run_provbook, built_two: Path):
    """A sentence edited in the province template (text): both province chapters run again,
    the comparison (another template) does not."""
    project = built_two
    build = ["build", "--root", str(project), *TWO, "--no-html"]
    province = project / "notebooks" / "province.md"
    text = province.read_text(encoding="utf-8")
    assert "GSO code {glue:text}`gso_code`." in text
    province.write_text(text.replace("GSO code", "The GSO code"), encoding="utf-8")
    again = run_provbook(*build)
    assert again.returncode == 0, again.stdout + again.stderr
    assert _statuses(again.stdout) == {
        "bac-lieu": "executed",
        "long-an": "executed",
        "comparative": "up to date",
    }
    chapter = (project / "book" / "provinces" / "long-an.ipynb").read_text(encoding="utf-8")
    assert "The GSO code" in chapter


def test_imports_resolve_relative_and_from_imports():
    import ast

    tree = ast.parse(
        "from . import facts\n"
        "from ...datapackage.data import load\n"
        "import provbook.analysis.stats as s\n"
    )
    names = inputs.imported_names(tree, "provbook.chapters.province.figures")
    assert {
        "provbook.chapters.province.facts",
        "provbook.datapackage.data",
        "provbook.datapackage.data.load",
    } <= names
    assert "provbook.analysis.stats" in names


def test_imports_nested_in_any_statement_are_found():
    """Imports inside functions, classes, conditionals, handlers, loops, ``with`` and ``match``
    make a dependency too (the scan looks at statements only, so each kind is tried here)."""
    import ast

    source = """
def f():
    import provbook.a
class C:
    def m(self):
        from provbook import b
if x:
    import provbook.c
else:
    import provbook.d
try:
    import provbook.e
except ImportError:
    import provbook.f
finally:
    import provbook.g
for i in y:
    import provbook.h
else:
    import provbook.i
while z:
    import provbook.j
with open(p) as h:
    import provbook.k
async def g():
    async with q:
        import provbook.l
match v:
    case 1:
        import provbook.m
"""
    names = inputs.imported_names(ast.parse(source))
    expected = {f"provbook.{letter}" for letter in "acdefghijklm"} | {"provbook.b"}
    assert expected <= names, sorted(expected - names)


def test_own_rows_hash_changes_only_for_the_edited_province(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(inputs.PACKAGE_DIR.parent / "data", data)
    d = inputs.DataInputs(data)
    hashes = [(d.for_province("long-an"), d.for_province("bac-lieu"), d.full)]
    _edit_first_row_of(data / "parks.csv", "long-an", "note", "edited")
    d = inputs.DataInputs(data)
    hashes.append((d.for_province("long-an"), d.for_province("bac-lieu"), d.full))
    (long_an, bac_lieu, full) = zip(*hashes, strict=True)
    assert long_an[0] != long_an[1]
    assert bac_lieu[0] == bac_lieu[1]
    assert full[0] != full[1]


def test_a_new_pdf_or_a_touched_output_makes_the_build_stamp_stale(tmp_path: Path):
    """`make pdf` runs `provbook build` again so the intro links the PDF: not skipped."""
    from provbook.build import stamps

    chapter = tmp_path / "book" / "provinces" / "long-an.ipynb"
    chapter.parent.mkdir(parents=True)
    chapter.write_text("{}", encoding="utf-8")
    stamps.record_build(tmp_path, "fingerprint")
    assert stamps.build_unchanged(tmp_path, "fingerprint")
    assert not stamps.build_unchanged(tmp_path, "another fingerprint")
    pdf = tmp_path / "_build" / "pdf" / "book.pdf"
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"%PDF-1.7")
    assert not stamps.build_unchanged(tmp_path, "fingerprint")
    stamps.record_build(tmp_path, "fingerprint")
    chapter.write_text('{"cells": []}', encoding="utf-8")
    assert not stamps.build_unchanged(tmp_path, "fingerprint")


def test_one_row_reexecutes_the_2025_province_of_its_province_only(run_provbook, project: Path):
    """A new province's chapter shows its parts' fact rows: only those re-run it."""
    import nbformat
    from conftest import write_notebook

    write_notebook(
        project / "notebooks" / "unit.md",
        [
            nbformat.v4.new_code_cell('unit = ""', metadata={"tags": ["parameters"]}),
            nbformat.v4.new_code_cell("print(unit)"),
        ],
    )
    build = ["build", "--root", str(project), "--province", "bac-lieu", "--province", "long-an"]
    build += ["--jobs", "2", "--no-html"]
    first = run_provbook(*build)
    assert first.returncode == 0, first.stdout + first.stderr
    watched = ["bac-lieu", "long-an", "ca-mau-2025", "tay-ninh-2025", "comparative"]
    assert {k: _statuses(first.stdout)[k] for k in watched} == dict.fromkeys(watched, "executed")
    _edit_first_row_of(project / "data" / "targets.csv", "long-an", "note", "edited note")
    after = run_provbook(*build)
    assert after.returncode == 0, after.stdout + after.stderr
    statuses = _statuses(after.stdout)
    executed = {k for k, v in statuses.items() if v == "executed"}
    assert executed == {"long-an", "tay-ninh-2025", "comparative"}, statuses
    assert {k: statuses[k] for k in watched} == {
        "bac-lieu": "up to date",
        "ca-mau-2025": "up to date",  # Bạc Liêu's new province
        "long-an": "executed",
        "tay-ninh-2025": "executed",  # Long An's
        "comparative": "executed",
    }
