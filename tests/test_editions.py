"""Two editions from one build (provbook.build.editions, provbook.sphinx.editions): which a build
makes, the Vietnamese edition's staged Sphinx project, its notebooks, the site assembled from
both, the language switch and Vietnamese search. Fast: nothing here runs Sphinx or a notebook
(the built editions are checked in tests/test_editions_built.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from provbook.build import editions, html, pipeline
from provbook.build.folders import Project
from provbook.sphinx.editions import SearchVietnamese, switch_href

ROOT = Path(__file__).resolve().parents[1]


def site_with_editions(folder: Path, vietnamese: bool = True) -> Project:
    """A site with English and (optionally) Vietnamese pages and configuration, nothing built."""
    (folder / "book" / "_static").mkdir(parents=True)
    (folder / "book" / "_static" / "provbook.css").write_text("body {}\n", encoding="utf-8")
    (folder / "book" / "intro.md").write_text("# Intro\n", encoding="utf-8")
    (folder / "_config.yml").write_text(
        "title: Book\nsphinx:\n  config:\n    html_show_copyright: true\n"
        "    provbook_other_edition: {lang: vi, label: Tiếng Việt, root: vi/}\n",
        encoding="utf-8",
    )
    (folder / "_toc.yml").write_text("format: jb-book\nroot: book/intro\n", encoding="utf-8")
    if vietnamese:
        (folder / "book" / "vi").mkdir()
        (folder / "book" / "vi" / "intro.md").write_text("# Giới thiệu\n", encoding="utf-8")
        (folder / "_toc.vi.yml").write_text("format: jb-book\nroot: book/intro\n", "utf-8")
        (folder / "_config.vi.yml").write_text(
            "title: Sách\nsphinx:\n  config:\n    language: vi\n"
            "    provbook_other_edition: {lang: en, label: English, root: ../}\n",
            encoding="utf-8",
        )
    return Project.at(folder)


# --- which editions -----------------------------------------------------------------------------


def test_all_is_every_edition_the_site_has(tmp_path: Path):
    assert editions.langs_for(site_with_editions(tmp_path / "both"), "all") == ["en", "vi"]
    english = site_with_editions(tmp_path / "en", vietnamese=False)
    assert editions.langs_for(english, "all") == ["en"]
    assert editions.langs_for(english, "en") == ["en"]


def test_an_output_folder_gets_both_editions_from_the_checkout(tmp_path: Path):
    checkout = site_with_editions(tmp_path / "checkout").root
    (checkout / "book" / "vi" / "provinces").mkdir()
    (checkout / "book" / "vi" / "provinces" / "bac-lieu.ipynb").write_text("{}", "utf-8")
    project = Project.at(checkout, tmp_path / "out")
    assert editions.langs_for(project, "all") == ["en", "vi"]  # before anything is copied
    project.prepare_site()
    assert (tmp_path / "out" / "_toc.vi.yml").is_file()
    assert (tmp_path / "out" / "_config.vi.yml").is_file()
    assert (tmp_path / "out" / "book" / "vi" / "intro.md").is_file()
    assert not (tmp_path / "out" / "book" / "vi" / "provinces").exists()  # an output, not copied


def test_a_missing_edition_is_named_with_what_it_needs(tmp_path: Path):
    english = site_with_editions(tmp_path, vietnamese=False)
    with pytest.raises(editions.EditionMissing, match=r"no vi edition.*_toc\.vi\.yml"):
        editions.langs_for(english, "vi")


def test_build_lang_vi_without_the_edition_is_refused(provbook_main, project: Path):
    result = provbook_main("build", "--root", str(project), "--lang", "vi")
    assert result.returncode == 2
    assert "no vi edition" in result.stderr and "_toc.vi.yml" in result.stderr
    assert "Nothing was built" in result.stderr and "Traceback" not in result.stderr
    assert not (project / "book" / "provinces").exists()


def test_the_checkout_has_both_editions():
    assert editions.langs_for(Project.at(ROOT), "all") == ["en", "vi"]


# --- the Vietnamese edition's Sphinx project ----------------------------------------------------


def test_the_overlay_merges_mappings_and_replaces_other_values():
    base = {"title": "Book", "sphinx": {"config": {"a": 1, "b": [1, 2], "c": {"x": 1}}}}
    overlay = {"title": "Sách", "sphinx": {"config": {"b": [3], "c": {"y": 2}}}}
    assert editions.merged(base, overlay) == {
        "title": "Sách",
        "sphinx": {"config": {"a": 1, "b": [3], "c": {"x": 1, "y": 2}}},
    }
    assert base["sphinx"]["config"]["b"] == [1, 2]  # the English configuration is untouched


def test_the_staged_edition_mirrors_the_english_paths(tmp_path: Path):
    project = site_with_editions(tmp_path)
    source = editions.stage(project, "vi")
    assert source == tmp_path / "_build" / ".source-vi"
    assert (source / "book" / "intro.md").read_text(encoding="utf-8") == "# Giới thiệu\n"
    # What both share comes from book/ (the style sheet), the rest from book/vi/.
    assert (source / "book" / "_static" / "provbook.css").is_file()
    config = yaml.safe_load((source / "_config.yml").read_text(encoding="utf-8"))
    assert config["title"] == "Sách"
    assert config["sphinx"]["config"]["language"] == "vi"
    assert config["sphinx"]["config"]["html_show_copyright"] is True
    assert config["sphinx"]["config"]["provbook_other_edition"]["root"] == "../"
    assert (source / "_toc.yml").read_text(encoding="utf-8") == (
        tmp_path / "_toc.vi.yml"
    ).read_text(encoding="utf-8")
    # A page gone from book/vi/ leaves the staged edition at the next staging.
    (tmp_path / "book" / "vi" / "methods.md").write_text("# Phương pháp\n", encoding="utf-8")
    editions.stage(project, "vi")
    assert (source / "book" / "methods.md").is_file()
    (tmp_path / "book" / "vi" / "methods.md").unlink()
    editions.stage(project, "vi")
    assert not (source / "book" / "methods.md").is_symlink()


def test_a_broken_overlay_is_named(tmp_path: Path):
    project = site_with_editions(tmp_path)
    (tmp_path / "_config.vi.yml").write_text("- a list\n", encoding="utf-8")
    with pytest.raises(editions.EditionMissing, match=r"_config\.vi\.yml: must be a YAML mapping"):
        editions.stage(project, "vi")


def test_each_editions_html_digest_covers_its_own_pages_only(tmp_path: Path):
    project = site_with_editions(tmp_path)
    editions.stage(project, "vi")
    english = html.source_digest(project, "en")["files"]
    vietnamese = html.source_digest(project, "vi")["files"]
    assert "book/intro.md" in english and not any("book/vi/" in name for name in english)
    assert "book/intro.md" in vietnamese and "book/_static/provbook.css" in vietnamese
    before = html.source_digest(project, "en")
    (tmp_path / "book" / "vi" / "intro.md").write_text("# Khác\n", encoding="utf-8")
    assert html.source_digest(project, "en") == before  # a Vietnamese page: English unchanged
    assert html.source_digest(project, "vi")["files"] != vietnamese


# --- the site assembled from the editions -------------------------------------------------------


def fake_build(folder: Path, text: str) -> Path:
    (folder / "book").mkdir(parents=True)
    (folder / "book" / "intro.html").write_text(text, encoding="utf-8")
    return folder


def test_both_editions_are_swapped_in_at_once(tmp_path: Path):
    project = site_with_editions(tmp_path / "site")
    built = {
        "en": fake_build(tmp_path / "en" / "_build" / "html", "English"),
        "vi": fake_build(tmp_path / "vi" / "_build" / "html", "Tiếng Việt"),
    }
    html.publish(project, built)
    site = project.html_dir
    assert (site / "book" / "intro.html").read_text(encoding="utf-8") == "English"
    assert (site / "vi" / "book" / "intro.html").read_text(encoding="utf-8") == "Tiếng Việt"
    assert not site.with_name("html.new").exists() and not site.with_name("html.old").exists()
    assert set(html.edition_hashes(project, "en")) == {"book/intro.html"}
    assert set(html.edition_hashes(project, "vi")) == {"book/intro.html"}


def test_one_edition_built_keeps_the_other_as_published(tmp_path: Path):
    project = site_with_editions(tmp_path / "site")
    html.publish(
        project,
        {
            "en": fake_build(tmp_path / "a" / "html", "English"),
            "vi": fake_build(tmp_path / "b" / "html", "Tiếng Việt"),
        },
    )
    html.publish(project, {"vi": fake_build(tmp_path / "c" / "html", "Tiếng Việt, mới")})
    site = project.html_dir
    assert (site / "book" / "intro.html").read_text(encoding="utf-8") == "English"
    assert (site / "vi" / "book" / "intro.html").read_text(encoding="utf-8") == "Tiếng Việt, mới"
    html.publish(project, {"en": fake_build(tmp_path / "d" / "html", "English, new")})
    assert (site / "book" / "intro.html").read_text(encoding="utf-8") == "English, new"
    assert (site / "vi" / "book" / "intro.html").read_text(encoding="utf-8") == "Tiếng Việt, mới"


# --- the notebooks of both editions -------------------------------------------------------------


def test_a_chapters_languages_are_planned_together_and_english_is_unchanged():
    project = Project.at(ROOT)
    chosen = ["bac-lieu", "can-tho-2025"]
    english = pipeline.plan(project, chosen)
    both = pipeline.plan(project, chosen, langs=("en", "vi"))
    assert [t.name for t in both] == [
        "bac-lieu",
        "vi/bac-lieu",
        "can-tho-2025",
        "vi/can-tho-2025",
        "comparative",
        "vi/comparative",
    ]
    # The English tasks are exactly those of an English-only build (same hash: not re-executed,
    # and the same notebooks: no lang parameter injected).
    same = {t.name: (t.parameters, t.input_hash, t.output) for t in english}
    assert {t.name: (t.parameters, t.input_hash, t.output) for t in both if t.lang == "en"} == same
    vi = {t.name: t for t in both if t.lang == "vi"}
    assert vi["vi/bac-lieu"].parameters == {"province": "bac-lieu", "lang": "vi"}
    assert vi["vi/bac-lieu"].output == ROOT / "book" / "vi" / "provinces" / "bac-lieu.ipynb"
    assert vi["vi/can-tho-2025"].output == ROOT / "book/vi/provinces_2025/can-tho-2025.ipynb"
    assert vi["vi/comparative"].output == ROOT / "book" / "vi" / "comparative.ipynb"
    groups = pipeline.by_chapter(pipeline.longest_first(both))
    assert [[t.name for t in group] for group in groups][0] == ["comparative", "vi/comparative"]
    assert all(len({t.chapter for t in group}) == 1 and len(group) == 2 for group in groups)


def test_the_vietnamese_markdown_is_in_the_vietnamese_hash_only(tmp_path: Path):
    for name in ("data", "notebooks"):
        shutil.copytree(ROOT / name, tmp_path / name)
    project = Project.at(tmp_path)
    before = {
        t.name: t.input_hash for t in pipeline.plan(project, ["bac-lieu"], langs=("en", "vi"))
    }
    twin = tmp_path / "notebooks" / "vi" / "province.md"
    twin.write_text(twin.read_text(encoding="utf-8") + "\nThêm một câu.\n", encoding="utf-8")
    after = {t.name: t.input_hash for t in pipeline.plan(project, ["bac-lieu"], langs=("en", "vi"))}
    assert after["bac-lieu"] == before["bac-lieu"]
    assert after["vi/bac-lieu"] != before["vi/bac-lieu"]


# --- the language switch and Vietnamese search --------------------------------------------------


@pytest.mark.parametrize(
    ("pagename", "uri", "root", "expected"),
    [
        ("book/provinces/bac-lieu", "book/provinces/bac-lieu.html", "vi/", None),
        ("book/provinces/bac-lieu", "book/provinces/bac-lieu.html", "../", None),
        ("search", "search.html", "vi/", "vi/search.html"),
        ("search", "search.html", "../", "../search.html"),
    ],
)
def test_the_switch_goes_to_the_same_page_in_the_other_edition(pagename, uri, root, expected):
    href = switch_href(pagename, uri, root)
    # Resolved from the page's own URL in its edition, it lands on the twin's URL.
    here = "/site/" + ("" if root == "vi/" else "vi/") + uri
    twin = "/site/" + ("vi/" if root == "vi/" else "") + uri
    from urllib.parse import urljoin

    assert urljoin(here, href) == twin
    if expected:
        assert href == expected


def test_vietnamese_search_keeps_words_whole_and_leaves_out_function_words():
    search = SearchVietnamese({})
    words = search.split("Khu công nghiệp được mở rộng ở Bạc Liêu, provinces")
    assert words == ["Khu", "công", "nghiệp", "được", "mở", "rộng", "ở", "Bạc", "Liêu", "provinces"]
    stems = [search.stem(w) for w in words]
    assert stems[-3:] == ["bạc", "liêu", "provinces"]  # lower-cased, never stemmed
    kept = [w for w in stems if search.word_filter(w)]
    assert "được" not in kept and "ở" not in kept  # stop words, also those starting with đ/ở
    assert "nghiệp" in kept and "công" in kept
    # Decomposed input (as some keyboards type it) is indexed as the composed word.
    assert search.stem("Lie\u0302\u0300u") == "liều"


def test_run_refuses_a_language_the_book_does_not_have_or_a_missing_twin(
    provbook_main, tmp_path: Path
):
    for name in ("data", "notebooks"):
        shutil.copytree(ROOT / name, tmp_path / name)
    out = tmp_path / "x.ipynb"
    result = provbook_main("run", "bac-lieu", "-p", "lang", "fr", "-o", str(out), cwd=tmp_path)
    assert result.returncode == 2
    assert "-p lang fr: the book's languages are en, vi" in result.stderr
    (tmp_path / "notebooks" / "vi" / "province.md").unlink()
    result = provbook_main("run", "bac-lieu", "-p", "lang", "vi", "-o", str(out), cwd=tmp_path)
    assert result.returncode == 2
    assert "notebooks/vi/province.md: missing" in result.stderr
    assert "Nothing was run." in result.stderr and not out.exists()


def test_a_failed_edition_publishes_neither_and_is_named(tmp_path: Path, monkeypatch):
    """Sphinx fails in the Vietnamese edition only: the error names it and its warning, both
    staging folders are gone and the published site (both editions) is left as it was."""
    import sys

    project = site_with_editions(tmp_path / "site")
    html.publish(
        project,
        {
            "en": fake_build(tmp_path / "a" / "html", "English"),
            "vi": fake_build(tmp_path / "b" / "html", "Tiếng Việt"),
        },
    )
    before = html.site_hashes(project.html_dir)

    def command(project, lang, processes):
        staging = project.staging_for(lang) / "_build" / "html"
        code = f"import pathlib; pathlib.Path({str(staging)!r}).mkdir(parents=True); " + (
            "print('build succeeded')" if lang == "en" else "print('WARNING: bad'); exit(1)"
        )
        return [sys.executable, "-c", code]

    monkeypatch.setattr(html, "sphinx_command", command)
    editions.stage(project, "vi")
    with pytest.raises(RuntimeError, match=r"(?s)build of the vi edition failed.*WARNING: bad"):
        html.run_sphinx(project, ["en", "vi"], log=lambda line: None, jobs=1)
    assert not project.staging_for("en").exists() and not project.staging_for("vi").exists()
    assert html.site_hashes(project.html_dir) == before


def test_editions_side_by_side_share_one_editions_sphinx_processes():
    assert html.editions_processes(2, 1) == html.sphinx_jobs(2) == 4
    assert html.editions_processes(2, 2) == 2
    assert html.editions_processes(1, 2) == 1


def test_a_cluster_runs_a_chapters_languages_together(tmp_path: Path, monkeypatch):
    """On a Dask cluster too, one submission per chapter: its languages run on one worker, in
    order (a stand-in executor; tests/test_cluster.py runs a real LocalCluster)."""
    import contextlib
    from concurrent.futures import ThreadPoolExecutor

    from provbook.build import cluster
    from provbook.build.tasks import Outcome, Task

    submitted = []

    class Client:
        def get_executor(self, pure):
            pool = ThreadPoolExecutor(1)

            class Executor:
                def submit(self, function, group, *args):
                    submitted.append([t.name for t in group])
                    return pool.submit(function, group, *args)

            return Executor()

        def run(self, function):
            pass

    monkeypatch.setattr(cluster, "connect", lambda address: contextlib.nullcontext(Client()))
    monkeypatch.setattr(
        cluster,
        "execute_remote",
        lambda task, root, fresh: (Outcome(task.name, "executed", 0.0), task.name.encode()),
    )

    def task(name: str, lang: str = "en") -> Task:
        return Task(
            name,
            tmp_path,
            tmp_path / f"{name.replace('/', '-')}.ipynb",
            {},
            {},
            tmp_path,
            lang=lang,
        )

    planned = [task("comparative"), task("vi/comparative", "vi"), task("a"), task("vi/a", "vi")]
    outcomes = cluster.run_on_cluster(planned, tmp_path, "tcp://nowhere:1")
    assert submitted == [["comparative", "vi/comparative"], ["a", "vi/a"]]
    assert sorted(o.name for o in outcomes) == ["a", "comparative", "vi/a", "vi/comparative"]
    assert (tmp_path / "vi-a.ipynb").read_bytes() == b"vi/a"


def test_provbooks_sphinx_extensions_are_in_the_html_digest(tmp_path: Path):
    """A change to the switch's template or the theme's Vietnamese words rebuilds the pages
    (they were not in the digest: the site stayed as it was)."""
    project = site_with_editions(tmp_path)
    editions.stage(project, "vi")
    digest = html.source_digest(project, "vi")["files"]
    assert "provbook/sphinx/templates/edition-switch.html" in digest
    assert "provbook/sphinx/locale/vi/LC_MESSAGES/sphinx.po" in digest
    assert "provbook/sphinx/editions.py" in digest
