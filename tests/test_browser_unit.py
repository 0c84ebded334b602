"""The browser check's pure parts: which files are pages, what counts as raw glue, where
screenshots go, which Chromium is used, and the local server."""

from __future__ import annotations

import stat
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from browser import harness as browser


def _touch(path: Path, text: str = "<p>x</p>") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_find_pages_walks_the_site_but_not_assets_sources_or_hidden_folders(
    tmp_path: Path,
) -> None:
    for name in (
        "index.html",
        "search.html",
        "genindex.html",
        "book/intro.html",
        "book/provinces/bạc-liêu.html",
        "book/provinces/long-an.html",
        "_static/webpack-macros.html",
        "_sources/book/intro.ipynb.html",
        "_images/figure.html",
        ".pytest_cache/README.html",
        "book/.ipynb_checkpoints/intro.html",
        "book/notes.txt",
        "searchindex.js",
    ):
        _touch(tmp_path / name)
    assert browser.find_pages(tmp_path) == [
        "book/intro.html",
        "book/provinces/bạc-liêu.html",
        "book/provinces/long-an.html",
        "genindex.html",
        "index.html",
        "search.html",
    ]


def test_find_pages_of_an_empty_folder_is_empty(tmp_path: Path) -> None:
    assert browser.find_pages(tmp_path) == []


@pytest.mark.parametrize(
    "text",
    [
        "Output grew by {glue:text}`growth:.1f` per cent",
        "{glue}`share`",
        "```{glue:figure} chart",
        "see glue:figure above",
        "Industrial parks of {{ name_vi }}",
        "{{name_vi}}",
    ],
)
def test_raw_glue_and_placeholders_are_leftovers(text: str) -> None:
    assert browser.glue_leftovers(f"Title\n{text}\nmore") == [text]


@pytest.mark.parametrize(
    "text",
    [
        "Output grew by 12.5 per cent in Bạc Liêu",
        "The glue industry is small",  # the word alone is prose
        "A set {1, 2} and {a}",
        "Glue values are computed in the notebook",
        "",
    ],
)
def test_rendered_text_is_not_a_leftover(text: str) -> None:
    assert browser.glue_leftovers(text) == []


def test_leftovers_are_reported_line_by_line_and_shortened() -> None:
    long_line = "  {{ x }}" + "y" * 300
    found = browser.glue_leftovers(f"ok\n{long_line}\nok\nglue:text")
    assert found == [long_line.strip()[:160], "glue:text"]


def test_screenshot_path_mirrors_the_page_path(tmp_path: Path) -> None:
    shots = tmp_path / "screenshots"
    assert browser.screenshot_path("index.html", shots) == shots / "index.jpg"
    assert (
        browser.screenshot_path("book/provinces/long-an.html", shots)
        == shots / "book" / "provinces" / "long-an.jpg"
    )
    assert browser.screenshot_path("book/v1.2.html", shots) == shots / "book" / "v1.2.jpg"


def test_meta_refresh_target_of_jupyter_books_index() -> None:
    index = '<meta http-equiv="Refresh" content="0; url=book/intro.html" />'
    assert browser.meta_refresh_target(index) == "book/intro.html"
    assert browser.meta_refresh_target("<html><body>A page</body></html>") is None


def test_is_local_only_for_the_books_own_server() -> None:
    base = "http://127.0.0.1:8123/"
    assert browser.is_local("http://127.0.0.1:8123/_static/x.js", base)
    assert browser.is_local("data:image/png;base64,AAAA", base)
    assert not browser.is_local("http://127.0.0.1:9999/x.js", base)
    assert not browser.is_local("https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex.js", base)


def _executable(path: Path) -> Path:
    _touch(path, "#!/bin/sh\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_find_chromium_prefers_the_environment_variable(tmp_path: Path) -> None:
    chosen = _executable(tmp_path / "my-chrome")
    debian = _executable(tmp_path / "usr-bin-chromium")
    env = {"PROVBOOK_CHROMIUM": str(chosen), "PATH": ""}
    assert browser.find_chromium(env, paths=[str(debian)]) == str(chosen)
    assert browser.find_chromium({"PATH": ""}, paths=[str(debian)]) == str(debian)


def test_find_chromium_looks_on_path_for_a_runners_browser(tmp_path: Path) -> None:
    found = _executable(tmp_path / "bin" / "google-chrome")
    env = {"PATH": str(tmp_path / "bin")}
    assert browser.find_chromium(env, paths=[str(tmp_path / "absent")]) == str(found)


def test_missing_chromium_says_how_to_install_it(tmp_path: Path) -> None:
    with pytest.raises(browser.ChromiumMissing, match="apt-get install chromium chromium-driver"):
        browser.find_chromium({"PATH": str(tmp_path)}, paths=[str(tmp_path / "chromium")])
    not_executable = tmp_path / "chrome.txt"
    _touch(not_executable)
    env = {"PROVBOOK_CHROMIUM": str(not_executable), "PATH": ""}
    with pytest.raises(browser.ChromiumMissing, match="PROVBOOK_CHROMIUM is .*chrome.txt"):
        browser.find_chromium(env)


def test_server_serves_the_folder_on_localhost_only(tmp_path: Path) -> None:
    _touch(tmp_path / "book" / "intro.html", "<h1>Bạc Liêu</h1>")
    with browser.serve(tmp_path) as base:
        assert base.startswith("http://127.0.0.1:") and base.endswith("/")
        with urllib.request.urlopen(base + "book/intro.html", timeout=10) as response:
            assert response.status == 200
            assert response.read().decode("utf-8") == "<h1>Bạc Liêu</h1>"
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(base + "book/nothing.html", timeout=10)
        assert missing.value.code == 404
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(base + "book/intro.html", timeout=2)


def test_server_refuses_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(browser.CheckError, match="build the book first"):
        with browser.serve(tmp_path / "nope"):
            pass


def test_cli_reports_a_missing_browser_with_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _touch(tmp_path / "html" / "index.html")
    monkeypatch.setenv("PROVBOOK_CHROMIUM", str(tmp_path / "no-such-chromium"))
    assert browser.main([str(tmp_path / "html")]) == 2
    assert "apt-get install chromium" in capsys.readouterr().err


def _measured(**changes) -> dict:
    page = {
        "scrollWidth": 390,
        "wide": [],
        "images": [
            {"src": "_images/a.png", "left": 12, "right": 378, "width": 366, "natural": 620,
             "chart": True},
        ],
        "tables": [{"scrolls": True, "sticky": True, "caption": "Targets"}],
    }  # fmt: skip
    page.update(changes)
    return page


def test_phone_check_passes_a_chart_scaled_to_the_page() -> None:
    from browser.phone import phone_problems, smallest_text_px

    # 9.5 pt at 120 dpi is 15.8 image px; shown at 366 of 620 px: 9.35 CSS px.
    assert round(smallest_text_px(366, 620), 2) == 9.35
    assert phone_problems(_measured()) == []


def test_phone_check_names_each_kind_of_problem() -> None:
    from browser.phone import phone_problems

    old = {"src": "_images/b.png", "left": 24, "right": 584, "width": 560, "natural": 859,
           "chart": True}  # fmt: skip
    tiny = {"src": "_images/c.png", "left": 12, "right": 378, "width": 366, "natural": 900,
            "chart": True}  # fmt: skip
    found = phone_problems(
        _measured(
            scrollWidth=420,
            wide=["table.dataframe ends at 495 px"],
            images=[old, tiny],
            tables=[{"scrolls": True, "sticky": False, "caption": "Projects"}],
        )
    )
    assert found == [
        "the page scrolls sideways (420 px wide)",
        "wider than the screen, outside a scroll box: table.dataframe ends at 495 px",
        "image _images/b.png is cut (24 to 584 px)",
        "chart _images/c.png: smallest text 6.4 px (shown 366 of 900 px)",
        "table 'Projects' scrolls without keeping its first column",
    ]
