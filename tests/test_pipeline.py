"""The build pipeline with real papermill and a real jupyter-book build, on a small book."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from conftest import TWO, make_project, province_template, write_notebook

from provbook.build import pipeline
from provbook.build.html import sphinx_jobs
from provbook.build.tasks import Task
from provbook.datapackage.data import provinces_with_facts

#: Metadata that records when and how long, not what: ignored when comparing two builds.
TIMING_KEYS = (
    "start_time",
    "end_time",
    "duration",
    "iopub.execute_input",
    "iopub.status.busy",
    "iopub.status.idle",
    "shell.execute_reply",
    "shell.execute_reply.started",
)


def _strip_timing(node):
    if isinstance(node, dict):
        return {k: _strip_timing(v) for k, v in node.items() if k not in TIMING_KEYS}
    if isinstance(node, list):
        return [_strip_timing(v) for v in node]
    return node


def _home_page(project: Path) -> str:
    """The page index.html redirects to: it carries the navigation."""
    html = project / "_build" / "html"
    redirect = (html / "index.html").read_text(encoding="utf-8")
    target = re.search(r'url=([^"]+)"', redirect).group(1)
    return (html / target).read_text(encoding="utf-8")


def _statuses(stdout: str) -> dict[str, str]:
    found = re.findall(r"^\s+(executed|up to date|failed)\s+(\S+)", stdout, re.M)
    return {name: status for status, name in found}


def _forget_last_build(project: Path) -> None:
    """Remove the whole-build stamp, so a rebuild goes through planning and the HTML step."""
    (project / "_build" / ".provbook-build.json").unlink()


def test_default_build_then_warm_rebuild_executes_nothing(run_provbook, project: Path):
    first = run_provbook("build", "--root", str(project), "--jobs", "2")
    assert first.returncode == 0, first.stdout + first.stderr
    defaults = provinces_with_facts(project / "data")
    assert len(defaults) >= 5
    assert _statuses(first.stdout) == {name: "executed" for name in [*defaults, "comparative"]}
    index = _home_page(project)
    names = pipeline.province_names(project / "data")
    for pid in defaults:
        assert f"provinces/{pid}.html" in index
        assert names[pid] in index  # the chapter title comes from the parameter
    assert "comparative.html" in index

    second = run_provbook("build", "--root", str(project), "--jobs", "2")
    assert second.returncode == 0, second.stderr
    assert "Nothing changed since the last build" in second.stdout
    assert not _statuses(second.stdout)  # stopped before planning: nothing checked one by one

    _forget_last_build(project)  # the per-notebook hashes alone also execute nothing
    third = run_provbook("build", "--root", str(project), "--jobs", "2")
    assert third.returncode == 0, third.stderr
    assert set(_statuses(third.stdout).values()) == {"up to date"}
    assert "Nothing to execute" in third.stdout
    assert "0 executed" in third.stdout


def test_data_change_reexecutes_and_force_reexecutes(run_provbook, built_two: Path):
    project = built_two  # built once, in another folder: the same build is stamped
    unchanged = run_provbook("build", "--root", str(project), *TWO)
    assert "Nothing changed since the last build" in unchanged.stdout, unchanged.stdout

    with open(project / "data" / "sources.csv", "a", encoding="utf-8") as handle:
        handle.write("")  # appending nothing changes nothing
    _forget_last_build(project)
    assert set(
        _statuses(run_provbook("build", "--root", str(project), *TWO, "--no-html").stdout).values()
    ) == {"up to date"}

    indicators = project / "data" / "indicators.csv"
    indicators.write_text(
        indicators.read_text(encoding="utf-8").replace("Index", "index", 1), encoding="utf-8"
    )
    changed = run_provbook("build", "--root", str(project), *TWO, "--no-html")
    assert set(_statuses(changed.stdout)) == {"bac-lieu", "long-an", "comparative"}
    assert set(_statuses(changed.stdout).values()) == {"executed"}

    forced = run_provbook("build", "--root", str(project), *TWO, "--no-html", "--force")
    assert set(_statuses(forced.stdout).values()) == {"executed"}


def test_template_change_reexecutes(run_provbook, built_two: Path):
    project = built_two
    write_notebook(project / "notebooks" / "province.md", province_template("x = 1\n"))
    rerun = run_provbook("build", "--root", str(project), *TWO, "--no-html")
    assert _statuses(rerun.stdout) == {
        "bac-lieu": "executed",
        "long-an": "executed",
        "comparative": "up to date",  # its own template did not change
    }


def test_failing_notebook_is_isolated_and_previous_output_kept(run_provbook, built_two: Path):
    project = built_two  # built once, chapters and HTML
    chapter = project / "book" / "provinces" / "long-an.ipynb"
    before = chapter.read_bytes()
    html_before = (project / "_build" / "html" / "book" / "provinces" / "long-an.html").read_bytes()

    failing = 'if province == "long-an":\n    raise RuntimeError("boom in long-an")\n'
    write_notebook(project / "notebooks" / "province.md", province_template(failing))
    result = run_provbook("build", "--root", str(project), *TWO)
    assert result.returncode == 1
    assert _statuses(result.stdout) == {
        "bac-lieu": "executed",
        "long-an": "failed",
        "comparative": "up to date",
    }
    assert re.search(r"long-an: cell \d+ \(execution count \d+\)", result.stderr)
    assert "RuntimeError: boom in long-an" in result.stderr
    assert "HTML was not rebuilt" in result.stderr
    assert chapter.read_bytes() == before
    assert not list(chapter.parent.glob(".*.part"))
    html = project / "_build" / "html" / "book" / "provinces" / "long-an.html"
    assert html.read_bytes() == html_before


def test_unknown_province_fails_before_any_work(provbook_main, project: Path):
    result = provbook_main("build", "--root", str(project), "--province", "atlantis")
    assert result.returncode == 2
    assert "unknown province id(s): atlantis" in result.stderr
    assert "bac-lieu" in result.stderr and "yen-bai" in result.stderr  # the known ids are listed
    assert not (project / "book" / "provinces").exists()
    run = provbook_main("run", "atlantis", "--root", str(project))
    assert run.returncode == 2 and "Known ids (63)" in run.stderr


def test_run_one_province_to_a_chosen_file(run_provbook, project: Path, tmp_path: Path):
    out = tmp_path / "out" / "lam-dong.ipynb"
    out.parent.mkdir()
    result = run_provbook("run", "lam-dong", "-o", str(out), "--root", str(project))
    assert result.returncode == 0, result.stderr
    nb = json.loads(out.read_text(encoding="utf-8"))
    assert nb["metadata"]["provbook"]["parameters"] == {"province": "lam-dong"}
    assert "".join(nb["cells"][0]["source"]) == "# Lâm Đồng"


def test_two_clean_builds_are_identical(run_provbook, two_chapters_built: Path, tmp_path: Path):
    # One clean build made for this run (tests/conftest.py), another one here, in another folder.
    project = make_project(tmp_path / "b")
    result = run_provbook("build", "--root", str(project), *TWO)
    assert result.returncode == 0, result.stderr
    outputs = [two_chapters_built, project]
    for relative in ("book/provinces/bac-lieu.ipynb", "book/provinces/long-an.ipynb"):
        a, b = (json.loads((p / relative).read_text(encoding="utf-8")) for p in outputs)
        assert _strip_timing(a) == _strip_timing(b)
        images = [
            value
            for c in a["cells"]
            for o in c.get("outputs", [])
            for key, value in o.get("data", {}).items()
            if key.endswith("image/png")  # glued outputs carry a papermill.record/ prefix
        ]
        assert images, "the figure must be stored as an image, not text/plain"
    pngs = sorted(p.relative_to(outputs[0]) for p in (outputs[0] / "_build/html").rglob("*.png"))
    assert pngs
    for relative in pngs:
        assert (outputs[0] / relative).read_bytes() == (outputs[1] / relative).read_bytes()


def test_parameter_cells_are_hidden_in_the_book(two_chapters_built: Path):
    project = two_chapters_built  # read, not changed
    nb = json.loads((project / "book/provinces/long-an.ipynb").read_text(encoding="utf-8"))
    tagged = [c["metadata"].get("tags", []) for c in nb["cells"]]
    for tags in tagged:
        if "parameters" in tags or "injected-parameters" in tags:
            assert "remove-cell" in tags
    assert any("injected-parameters" in tags for tags in tagged)


def test_separate_output_folder_keeps_default_book_untouched(
    run_provbook, project: Path, tmp_path: Path
):
    out = tmp_path / "elsewhere"
    result = run_provbook("build", "--root", str(project), *TWO, "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / "_build" / "html" / "book" / "provinces" / "long-an.html").exists()
    assert not (project / "book" / "provinces").exists()
    shutil.rmtree(out)


def test_output_folder_may_be_empty_or_provbook_made(run_provbook, project: Path, tmp_path: Path):
    out = tmp_path / "empty"
    out.mkdir()
    first = run_provbook("build", "--root", str(project), *TWO, "--no-html", "--output", str(out))
    assert first.returncode == 0, first.stdout + first.stderr
    assert (out / ".provbook-site").exists()  # ours from now on: a later build may fill it
    again = run_provbook("build", "--root", str(project), *TWO, "--no-html", "--output", str(out))
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Nothing changed since the last build" in again.stdout


def test_unchanged_sources_skip_sphinx_and_keep_the_site(run_provbook, built_two: Path):
    project = built_two
    index = project / "_build" / "html" / "index.html"
    mtime = index.stat().st_mtime_ns
    _forget_last_build(project)  # else the whole build is skipped before the HTML step
    again = run_provbook("build", "--root", str(project), *TWO)
    assert again.returncode == 0, again.stderr
    assert "HTML is up to date" in again.stdout
    assert index.stat().st_mtime_ns == mtime
    (project / "_build" / ".provbook-html.json").unlink()  # as after a killed HTML build
    rebuilt = run_provbook("build", "--root", str(project), *TWO)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "HTML is up to date" not in rebuilt.stdout
    assert index.stat().st_mtime_ns != mtime


def test_chapters_not_in_the_build_leave_the_book(run_provbook, built_two: Path):
    project = built_two
    site = project / "_build" / "html" / "book" / "provinces"
    assert (site / "long-an.html").exists()
    result = run_provbook("build", "--root", str(project), "--province", "bac-lieu", "--only")
    assert result.returncode == 0, result.stderr
    assert "Removed chapters not in this build: long-an" in result.stdout
    assert not (project / "book" / "provinces" / "long-an.ipynb").exists()
    assert not (site / "long-an.html").exists()  # not kept by Sphinx's incremental cache
    assert "provinces/long-an.html" not in _home_page(project)
    assert (site / "bac-lieu.html").exists()


def test_all_builds_every_province_into_a_separate_folder(run_provbook, project: Path):
    result = run_provbook("build", "--root", str(project), "--all", "--no-html")
    assert result.returncode == 0, result.stderr
    chapters = sorted(p.stem for p in (project / "_build_all" / "book" / "provinces").iterdir())
    assert chapters == sorted(pipeline.province_names(project / "data"))
    assert len(chapters) == 63
    assert (project / "_build_all" / "book" / "comparative.ipynb").exists()
    assert (project / "_build_all" / "_toc.yml").read_bytes() == (project / "_toc.yml").read_bytes()
    assert not (project / "book" / "provinces").exists()  # the default book is not touched


def test_reused_kernel_freezes_what_earlier_notebooks_left(run_provbook, project: Path):
    """After the reset, the survivors (modules, loaded data) are out of the collector's sight."""
    import nbformat

    probe = nbformat.v4.new_code_cell("import gc\nprint('frozen', gc.get_freeze_count())")
    cells = province_template()
    cells.insert(2, probe)
    write_notebook(project / "notebooks" / "province.md", cells)
    args = ["--province", "bac-lieu", "--province", "long-an", "--only", "--no-html"]
    assert run_provbook("build", "--root", str(project), *args, "--jobs", "1").returncode == 0
    frozen = []
    for pid in ("bac-lieu", "long-an"):
        nb = json.loads((project / f"book/provinces/{pid}.ipynb").read_text(encoding="utf-8"))
        outputs = [o for c in nb["cells"] for o in c.get("outputs", [])]
        text = "".join("".join(o.get("text", "")) for o in outputs)
        frozen.append(int(re.search(r"frozen (\d+)", text)[1]))
    assert all(count > 10_000 for count in frozen), frozen  # IPython's own objects at least


def test_reused_kernel_starts_each_notebook_as_a_new_session(run_provbook, project: Path):
    """One kernel runs both chapters (--jobs 1): no variable and no execution count carries over,
    and the chapters are the same as with a fresh kernel each."""
    import nbformat

    guard = nbformat.v4.new_code_cell(
        'assert "leftover" not in globals(), "variables leaked from the previous notebook"\n'
        "leftover = province"
    )
    cells = province_template()
    cells.insert(2, guard)
    write_notebook(project / "notebooks" / "province.md", cells)
    args = ["--province", "bac-lieu", "--province", "long-an", "--only", "--no-html"]
    reused = run_provbook("build", "--root", str(project), *args, "--jobs", "1")
    assert reused.returncode == 0, reused.stdout + reused.stderr
    first = {
        pid: json.loads((project / f"book/provinces/{pid}.ipynb").read_text(encoding="utf-8"))
        for pid in ("bac-lieu", "long-an")
    }
    for nb in first.values():
        counts = [c["execution_count"] for c in nb["cells"] if c["cell_type"] == "code"]
        assert counts == list(range(1, len(counts) + 1))
    fresh = run_provbook(
        "build", "--root", str(project), *args, "--jobs", "1", "--fresh-kernels", "--force"
    )
    assert fresh.returncode == 0, fresh.stderr
    for pid, nb in first.items():
        again = json.loads((project / f"book/provinces/{pid}.ipynb").read_text(encoding="utf-8"))
        assert _strip_timing(again) == _strip_timing(nb)


def test_run_passes_extra_template_parameters(run_provbook, tmp_path: Path):
    """The real chapter, read as of 2016 through `provbook run -p`."""
    from conftest import copy_checkout

    out = tmp_path / "long-an-2016.ipynb"
    checkout = copy_checkout(tmp_path / "checkout")  # the run's log goes to its _build/logs
    result = run_provbook(
        "run", "long-an", "-p", "statistics_until", "2016", "-o", str(out), "--root", str(checkout)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    nb = json.loads(out.read_text(encoding="utf-8"))
    assert nb["metadata"]["provbook"]["parameters"] == {
        "province": "long-an",
        "statistics_until": 2016,
    }
    glued = {
        o["metadata"]["scrapbook"]["name"]: o["data"]
        for c in nb["cells"]
        for o in c.get("outputs", [])
        if "scrapbook" in o.get("metadata", {})
    }
    assert glued["pci_year"]["application/papermill.record/text/plain"] == "2016"


def test_comparison_is_started_first_and_the_rest_keep_their_order(tmp_path: Path):
    def task(name: str) -> Task:
        return Task(name, tmp_path, tmp_path / f"{name}.ipynb", {}, {}, tmp_path)

    planned = [task(n) for n in ("an-giang", "bac-lieu", "can-tho-2025", "comparative")]
    ordered = [t.name for t in pipeline.longest_first(planned)]
    assert ordered == ["comparative", "an-giang", "bac-lieu", "can-tho-2025"]


def test_build_reports_the_time_of_each_phase(run_provbook, project: Path):
    result = run_provbook("build", "--root", str(project), *TWO)
    assert result.returncode == 0, result.stdout + result.stderr
    notebooks = r"Notebooks: 3 executed, 0 up to date, 0 failed \(\d+\.\d s\)\."
    assert re.search(notebooks, result.stdout)
    assert re.search(r"^HTML built in \d+\.\d s$", result.stdout, re.M)


def test_sphinx_gets_twice_the_cpus_and_one_stays_one():
    assert [sphinx_jobs(j) for j in (1, 2, 4)] == [1, 4, 8]
