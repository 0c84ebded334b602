"""Command line: ``provbook build | run | validate | ingest-gso``."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from provbook.build import folders, html, pipeline, tasks, writes
from provbook.datapackage import ids

EXIT_FAILED = 1
EXIT_USAGE = 2


def _checkout(given: Path | None) -> Path | None:
    """The checkout a command works on: ``--root``, else the folder it runs in; never another
    one (such as the installed package's), whatever is missing here. None, after saying why,
    when its data/ or chapter template is not there (a missing data/, a link looping on itself)."""
    root = Path(os.path.realpath(given or Path.cwd()))
    for relative, wanted in (("data", "a folder"), (folders.PROVINCE_TEMPLATE, "a regular file")):
        found = writes.file_kind(root / relative)
        if found != wanted:
            _error(
                f"{root} is not a provbook checkout: its {relative} is {found}, not {wanted}. "
                "Run provbook in a checkout, or name one with --root."
            )
            return None
    return root


def _template_parameters(path: Path, nothing: str, lang: str = "en") -> list[str] | None:
    """The parameters of a text template (in ``lang``: with its markdown twin, which must be in
    step); None, after naming file and line, if it is malformed."""
    from provbook.build import template

    try:
        return sorted(template.parameter_names(template.read(path, lang)))
    except template.TemplateError as exc:
        _error(f"{exc}\n{nothing}")
        return None


def _say(message: str) -> None:
    print(message, flush=True)


def _error(message: str) -> None:
    print(f"provbook: error: {message}", file=sys.stderr, flush=True)


def _report(outcome: tasks.Outcome) -> None:
    line = f"  {outcome.status:<10} {outcome.name:<24} {outcome.seconds:6.1f} s"
    if outcome.error:
        line += f"  {outcome.error}"
    _say(line)


def _validate_or_exit(data_dir: Path, stamp: Path | None = None) -> int:
    """Validate ``data_dir``; with a ``stamp`` (see provbook.build.stamps), skip data that already
    validated clean."""
    from provbook.build import stamps

    key = stamps.validation_key(data_dir) if stamp is not None else ""
    if stamp is not None and stamps.validated(stamp, key):
        return 0
    from provbook.datapackage.validate import DataError, ensure_valid

    try:
        ensure_valid(data_dir)
    except DataError as exc:
        _error(f"{exc}\nNothing was built: fix the data and run again.")
        return EXIT_FAILED
    if stamp is not None:
        stamps.record_validated(stamp, key)
    return 0


def _known_provinces(
    data_dir: Path, requested: list[str], stamp: Path | None = None
) -> dict[str, str] | int:
    """Province names once the data is valid and every requested id is known; else the exit
    status, after saying what is wrong."""
    status = _validate_or_exit(data_dir, stamp)
    if status:
        return status
    known = pipeline.province_names(data_dir)
    try:
        ids.check_ids(requested, data_dir)
    except ids.UnknownIdError as exc:
        _error(str(exc))
        return EXIT_USAGE
    return known


EXIT_LOCKED = 75  # EX_TEMPFAIL: try again later


def _jobs(requested: int | None) -> int:
    """Parallel notebooks: 1 to the number of CPUs (more only makes them fight for cores)."""
    cpus = os.cpu_count() or 1
    if requested is None:
        return cpus
    if requested < 1:
        raise ValueError(
            f"--jobs must be at least 1 (got {requested}): it is how many notebooks run in "
            f"parallel, from 1 to {cpus}, the number of CPUs"
        )
    if requested > cpus:
        _say(f"--jobs {requested} capped to {cpus}, the number of CPUs")
        return cpus
    return requested


def cmd_build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        jobs = _jobs(args.jobs)
    except ValueError as exc:
        _error(str(exc))
        return EXIT_USAGE
    root = _checkout(args.root)
    if root is None:
        return EXIT_USAGE
    output = args.output
    if args.all and output is None:
        output = root / "_build_all"
    project = folders.Project.at(root, output)
    if project.site != root:  # claiming the output folder creates it: refuse bad ids first
        try:
            ids.check_ids(args.province, project.data_dir)
        except ids.UnknownIdError as exc:
            _error(str(exc))
            return EXIT_USAGE
        except (OSError, ValueError, KeyError):
            pass  # unreadable data: the validation inside the build says what is wrong
    try:
        folders.claim_site(project.site, root)
    except writes.OutputRefused as exc:
        _error(f"{exc}\nNothing was built.")
        return EXIT_USAGE
    except OSError as exc:
        _error(f"cannot write the output folder {project.site}: {exc}")
        return EXIT_FAILED
    from provbook.build.lock import BuildLocked, LockUnavailable, build_lock

    try:
        with build_lock(project.site, note=_say):
            return _build_if_changed(args, project, jobs, started)
    except BuildLocked as exc:
        _error(str(exc))
        return EXIT_LOCKED
    except LockUnavailable as exc:
        _error(f"{exc}\nNothing was built.")
        return EXIT_FAILED


def _build_options(args: argparse.Namespace, project: folders.Project) -> dict:
    """The options that change what a build makes (not how: --jobs, --scheduler, kernels).
    The output folder as the project names it (``.`` when it is the project itself): not where
    the project lies, which changes nothing a build makes (provbook.build.inputs.fingerprint)."""
    site = project.site
    return {
        "site": site.relative_to(project.root).as_posix()
        if site.is_relative_to(project.root)
        else str(site),
        "province": list(args.province),
        "only": args.only,
        "all": args.all,
        "no_html": args.no_html,
        "lang": args.lang,
    }


def _build_if_changed(
    args: argparse.Namespace, project: folders.Project, jobs: int, started: float
) -> int:
    """Stop at once when no input changed since the last successful build and its outputs are
    untouched (a content hash, see provbook.build.stamps); else build and stamp the result."""
    from provbook.build import inputs, stamps

    try:
        fingerprint = inputs.fingerprint(project.root, _build_options(args, project))
    except OSError as exc:  # the first read of every source: an unreadable one is named here
        _error(f"cannot read {exc.filename}: {exc.strerror}\nNothing was built.")
        return EXIT_FAILED
    if not args.force and stamps.build_unchanged(project.site, fingerprint):
        seconds = time.perf_counter() - started
        _say(
            "Nothing changed since the last build (data, templates, code, pages, configuration "
            f"and tools): nothing executed, validated or rebuilt ({seconds:.1f} s)."
        )
        return 0
    stamps.forget_build(project.site)
    status = _build_locked(args, project, jobs, started)
    if status == 0:
        stamps.record_build(project.site, fingerprint)
    return status


def only_notice(project: folders.Project, provinces: list[str]) -> str:
    """What ``build --only`` removes, said before it runs: the book holds the chapters of the
    last build only, so the chapters of every other province leave book/ and the site."""
    leaving = list(dict.fromkeys(p.stem for p in folders.chapters_outside(project, provinces)))
    if not leaving:
        return ""
    return (
        f"--only: the book will hold only the chapters of this build; the chapters of "
        f"{', '.join(leaving)} are removed from {project.book_dir} and the site "
        "(a build without --only brings back those with article facts)."
    )


def _build_locked(
    args: argparse.Namespace, project: folders.Project, jobs: int, started: float
) -> int:
    """The build proper, run while this process holds the folder's build lock."""
    root = project.root
    data_dir = project.data_dir
    for required in (data_dir / "provinces.csv", root / folders.PROVINCE_TEMPLATE):
        if not required.exists():
            _error(f"missing {required}; is {root} a provbook checkout?")
            return EXIT_USAGE
    from provbook.build import editions

    try:
        langs = editions.langs_for(project, args.lang)
    except editions.EditionMissing as exc:
        _error(f"{exc}\nNothing was built.")
        return EXIT_USAGE
    templates = (folders.PROVINCE_TEMPLATE, folders.UNIT_TEMPLATE, folders.COMPARATIVE_TEMPLATE)
    for relative in templates:
        if (root / relative).exists() and any(
            _template_parameters(root / relative, "Nothing was built.", lang) is None
            for lang in langs
        ):
            return EXIT_USAGE
    from provbook.build.stamps import VALIDATION_STAMP

    known = _known_provinces(data_dir, args.province, project.site / "_build" / VALIDATION_STAMP)
    if isinstance(known, int):
        return known
    from provbook.datapackage.data import provinces_with_facts

    with_facts = provinces_with_facts(data_dir)
    if args.all:
        provinces = sorted(known)
    elif args.only:
        provinces = list(dict.fromkeys(args.province))
    else:
        provinces = sorted(set(with_facts) | set(args.province))
    if not provinces:
        _error("no provinces to build: data/ has no article facts and no --province was given")
        return EXIT_USAGE
    old = [p for p in provinces if not p.endswith("-2025")]
    provinces = pipeline.with_new_provinces(project, provinces)
    try:
        project.prepare_site()
    except OSError as exc:
        _error(f"cannot write the output folder {project.site}: {exc}")
        return EXIT_FAILED
    if args.only and (leaving := only_notice(project, provinces)):
        _say(leaving)
    removed = folders.clean_leftovers(project)
    if removed:
        _say(f"Removed leftovers of an interrupted build: {', '.join(removed)}")
    planned = pipeline.plan(project, provinces, compare=with_facts or old, langs=langs)
    for task in planned:
        task.cell_timeout = args.cell_timeout
    _say(f"Executing {len(planned)} notebooks ({jobs} in parallel) into {project.book_dir}")
    notebooks_started = time.perf_counter()
    with pipeline.kernel_runtime(project.runtime_dir):
        try:
            outcomes = pipeline.run_tasks(
                planned,
                root,
                jobs,
                force=args.force,
                report=_report,
                fresh_kernels=args.fresh_kernels,
                scheduler=args.scheduler,
            )
        except ConnectionError as exc:
            _error(f"{exc}\nNothing was executed.")
            return EXIT_FAILED
        finally:
            for partial in project.book_dir.rglob(".*.part"):  # of workers stopped mid-write
                partial.unlink(missing_ok=True)
    counts = {s: sum(o.status == s for o in outcomes) for s in ("executed", "up to date", "failed")}
    _say(
        f"Notebooks: {counts['executed']} executed, {counts['up to date']} up to date, "
        f"{counts['failed']} failed ({time.perf_counter() - notebooks_started:.1f} s)."
    )
    if counts["executed"] == 0 and counts["failed"] == 0:
        _say("Nothing to execute: every notebook is up to date.")
    failed = [o for o in outcomes if o.status == "failed"]
    if failed:
        _error(
            f"{len(failed)} notebook(s) failed; previous chapters were kept and the HTML was "
            "not rebuilt:\n"
            + "\n".join(f"  {o.name}: {o.error}" for o in failed)
            + f"\nKernel logs: {project.logs_dir}"
        )
        return EXIT_FAILED
    removed = list(dict.fromkeys(folders.prune_chapters(project, provinces)))
    if removed:
        _say(f"Removed chapters not in this build: {', '.join(removed)}")
    if args.no_html:
        return 0
    where = ", ".join(str(project.edition_html(lang)) for lang in langs)
    _say(f"Building HTML into {where} (jupyter-book, execution off, -W)")
    html_started = time.perf_counter()
    try:
        built = html.build_html(project, log=_say, jobs=jobs, langs=langs)
    except (RuntimeError, OSError, editions.EditionMissing) as exc:
        _error(f"{exc}\nThe previous HTML was kept.")
        return EXIT_FAILED
    if built:
        _say(f"HTML built in {time.perf_counter() - html_started:.1f} s")
    done = "Done" if built else "Done (site unchanged)"
    _say(f"{done} in {time.perf_counter() - started:.1f} s: {project.html_dir / 'index.html'}")
    return 0


def _parameter_value(text: str):
    """Read a -p value as papermill does: numbers, booleans, JSON lists, else a string."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def cmd_run(args: argparse.Namespace) -> int:

    root = _checkout(args.root)
    if root is None:
        return EXIT_USAGE
    project = folders.Project.at(root)
    output = (args.output or Path(f"{args.province}.ipynb")).resolve()
    try:
        writes.check_notebook_output(output, project.data_dir)
    except writes.OutputRefused as exc:
        _error(f"{exc}\nNothing was run.")
        return EXIT_USAGE
    relative = (
        folders.UNIT_TEMPLATE if args.province.endswith("-2025") else folders.PROVINCE_TEMPLATE
    )
    template = root / relative
    allowed = _template_parameters(template, "Nothing was run.")
    if allowed is None:
        return EXIT_USAGE
    status = _known_provinces(project.data_dir, [args.province])
    if isinstance(status, int):
        return status
    extra = {name: _parameter_value(value) for name, value in args.parameter}
    unknown = sorted(set(extra) - (set(allowed) - {"province", "unit"}))
    if unknown:
        _error(
            f"unknown parameter(s) {', '.join(unknown)} for {relative}; "
            f"its parameters are: {', '.join(allowed)} (give the province as the first argument)"
        )
        return EXIT_USAGE
    lang = extra.get("lang", "en")
    if lang not in folders.LANGS:
        _error(f"-p lang {lang}: the book's languages are {', '.join(folders.LANGS)}")
        return EXIT_USAGE
    if lang != "en" and _template_parameters(template, "Nothing was run.", lang) is None:
        return EXIT_USAGE  # its markdown twin (notebooks/<lang>/) is missing or out of step
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        if not os.access(output.parent, os.W_OK):
            raise PermissionError(f"{output.parent} is not writable")
    except OSError as exc:
        _error(f"cannot write {output}: {exc}")
        return EXIT_FAILED
    planned = pipeline.plan(project, [args.province], langs=(lang,))
    (task,) = [t for t in planned if t.chapter == args.province]
    task.output = output
    task.parameters.update(extra)
    task.cell_timeout = args.cell_timeout
    pipeline.hash_tasks([task], project.data_dir)  # the hash covers every parameter
    site = _book_site(output, root)
    from provbook.build.lock import BuildLocked, LockUnavailable, build_lock

    try:  # into a book: not while a build of it runs, nor a build while this writes
        with build_lock(site) if site else contextlib.nullcontext():
            outcome = _execute_alone(task, root)
    except BuildLocked as exc:
        _error(f"{exc}\nNothing was run.")
        return EXIT_LOCKED
    except LockUnavailable as exc:
        _error(f"{exc}\nNothing was run.")
        return EXIT_FAILED
    _report(outcome)
    if outcome.status == "failed":
        _error(f"{args.province}: {outcome.error}")
        return EXIT_FAILED
    return 0


def _book_site(output: Path, root: Path) -> Path | None:
    """The site whose book ``output`` is in (the checkout's, or a provbook-made --output
    folder's), or None when it is in no book."""
    for folder in output.parents:
        site = folder.parent
        if folder.name == "book" and (site == root or (site / folders.SITE_MARKER).is_file()):
            return site
    return None


def _execute_alone(task: tasks.Task, root: Path) -> tasks.Outcome:
    """One notebook in a fresh kernel, its connection file in a folder of its own."""
    stale = task.output.with_name(f".{task.output.name}.part")
    stale.unlink(missing_ok=True)  # left by an earlier run that was killed
    with pipeline.kernel_runtime(Path(tempfile.mkdtemp(prefix="provbook-kernels-"))):
        return tasks.execute(task, root, fresh_kernel=True)


def cmd_sweep(args: argparse.Namespace) -> int:
    """The province template for provinces x parameter values, into a folder and one CSV."""

    from provbook.build import sweep

    try:
        jobs = _jobs(args.jobs)
    except ValueError as exc:
        _error(str(exc))
        return EXIT_USAGE
    root = _checkout(args.root)
    if root is None:
        return EXIT_USAGE
    project = folders.Project.at(root)
    out = args.out.resolve()
    try:
        folders.claim_site(out, root)
    except writes.OutputRefused as exc:
        _error(f"{exc}\nNothing was run.")
        return EXIT_USAGE
    except OSError as exc:
        _error(f"cannot write the output folder {out}: {exc}")
        return EXIT_FAILED
    provinces = list(dict.fromkeys(args.province))
    new = [p for p in provinces if p.endswith("-2025")]
    if new:
        _error(
            f"sweep runs the pre-2025 province template; {', '.join(new)} is a province formed "
            "in 2025 (give pre-2025 ids such as long-an)"
        )
        return EXIT_USAGE
    known = _known_provinces(project.data_dir, provinces)
    if isinstance(known, int):
        return known
    template = root / folders.PROVINCE_TEMPLATE
    allowed = _template_parameters(template, "Nothing was run.")
    if allowed is None:
        return EXIT_USAGE
    grid = {values[0]: [_parameter_value(v) for v in values[1:]] for values in args.parameter}
    unknown = sorted(set(grid) - (set(allowed) - {"province"}))
    empty = sorted(name for name, values in grid.items() if not values)
    if unknown or empty:
        _error(
            (f"unknown parameter(s) {', '.join(unknown)}; " if unknown else "")
            + (f"no values given for {', '.join(empty)}; " if empty else "")
            + f"the parameters of {folders.PROVINCE_TEMPLATE} are: {', '.join(allowed)} "
            "(give provinces with --province; -p NAME VALUE [VALUE ...])"
        )
        return EXIT_USAGE
    planned = sweep.plan(project, sweep.combinations(provinces, grid), out)
    for task in planned:
        task.cell_timeout = args.cell_timeout
    where = f"on {args.scheduler}" if args.scheduler else f"{jobs} in parallel"
    _say(f"Sweeping {len(planned)} combinations ({where}) into {out}")
    with pipeline.kernel_runtime(Path(tempfile.mkdtemp(prefix="provbook-kernels-"))):
        try:
            outcomes = pipeline.run_tasks(
                planned, root, jobs, report=_report, scheduler=args.scheduler
            )
        except ConnectionError as exc:
            _error(f"{exc}\nNothing was executed.")
            return EXIT_FAILED
        finally:
            for partial in out.glob(".*.part"):
                partial.unlink(missing_ok=True)
    finished = {o.name for o in outcomes if o.status != "failed"}
    rows = sweep.write_csv(
        [t for t in planned if t.name in finished], list(grid), out / sweep.CSV_NAME
    )
    csv_path = out / sweep.CSV_NAME
    _say(f"{len(finished)} of {len(planned)} notebooks; {rows} glued values in {csv_path}")
    failed = [o for o in outcomes if o.status == "failed"]
    if failed:
        _error(
            f"{len(failed)} combination(s) failed; the CSV holds the others:\n"
            + "\n".join(f"  {o.name}: {o.error}" for o in failed)
        )
        return EXIT_FAILED
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from provbook.datapackage import validate

    return validate.main(args.rest)


def cmd_ingest(args: argparse.Namespace) -> int:
    from provbook.derive import gso

    return gso.ingest_main(args.rest)


def _seconds(text: str) -> int:
    """A --cell-timeout value: whole seconds, at least 1."""
    try:
        seconds = int(text)
    except ValueError:
        seconds = 0
    if seconds < 1:
        raise argparse.ArgumentTypeError(
            f"must be a whole number of seconds, at least 1 (got {text!r}); "
            f"the default is {tasks.CELL_TIMEOUT}"
        )
    return seconds


def _add_timeout_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--cell-timeout",
        type=_seconds,
        default=tasks.CELL_TIMEOUT,
        metavar="SECONDS",
        help="a cell still running after this many seconds fails its notebook, like an error "
        f"(default {tasks.CELL_TIMEOUT})",
    )


def _add_scheduler_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run the notebooks on the Dask cluster of this scheduler (tcp://HOST:8786) "
        "instead of local processes; every worker needs this checkout at the same path",
    )


def _add_sweep_command(sub) -> None:
    sweep = sub.add_parser(
        "sweep", help="execute the province template for provinces x parameter values"
    )
    sweep.add_argument(
        "--province", action="append", required=True, metavar="ID", help="a province (repeatable)"
    )
    sweep.add_argument(
        "-p",
        "--parameter",
        nargs="+",
        action="append",
        default=[],
        metavar="NAME VALUE",
        help="a template parameter and its values (repeatable: every combination runs)",
    )
    sweep.add_argument(
        "--out", type=Path, required=True, help="new, empty or provbook-made output folder"
    )
    sweep.add_argument("--jobs", type=int, default=None, help="notebooks run in parallel")
    sweep.add_argument("--root", type=Path, help="the provbook checkout (default: this one)")
    _add_timeout_option(sweep)
    _add_scheduler_option(sweep)
    sweep.set_defaults(func=cmd_sweep)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="provbook", description="Build the provbook Jupyter Book and work with its data."
    )
    sub = top.add_subparsers(dest="command", required=True)

    build = sub.add_parser("build", help="execute the chapter notebooks and build the book")
    build.add_argument(
        "--province",
        action="append",
        default=[],
        metavar="ID",
        help="add a province chapter (repeatable); default: every province with article facts",
    )
    build.add_argument(
        "--only",
        action="store_true",
        help="build only the --province chapters (and the comparative chapter); the chapters "
        "of every other province are removed from book/ and the site",
    )
    build.add_argument(
        "--all",
        action="store_true",
        help="a chapter for every province before and since 2025, in a separate folder "
        "(default _build_all)",
    )
    build.add_argument(
        "--jobs",
        type=int,
        default=None,
        help="notebooks run in parallel, 1 to the number of CPUs (default: the number of CPUs)",
    )
    build.add_argument("--force", action="store_true", help="re-execute even up-to-date notebooks")
    build.add_argument("--no-html", action="store_true", help="execute notebooks, skip the HTML")
    build.add_argument(
        "--fresh-kernels",
        action="store_true",
        help="a new kernel for every notebook (default: one reused, reset kernel per process)",
    )
    build.add_argument(
        "--lang",
        choices=("en", "vi", "all"),
        default="all",
        help="the edition(s) to build: English (at _build/html/), Vietnamese (at "
        "_build/html/vi/) or all the book has (default all)",
    )
    build.add_argument("--root", type=Path, help="the provbook checkout (default: this one)")
    build.add_argument("--output", type=Path, help="separate output folder for the book site")
    _add_timeout_option(build)
    _add_scheduler_option(build)
    build.set_defaults(func=cmd_build)

    run = sub.add_parser("run", help="execute one province's notebook alone")
    run.add_argument("province", metavar="ID")
    run.add_argument("-o", "--output", type=Path, help="output notebook (default ./ID.ipynb)")
    run.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="another template parameter, as papermill -p",
    )
    run.add_argument("--root", type=Path, help="the provbook checkout (default: this one)")
    _add_timeout_option(run)
    run.set_defaults(func=cmd_run)

    _add_sweep_command(sub)

    for name, func, text in (
        ("validate", cmd_validate, "check data/ against datapackage.json"),
        ("ingest-gso", cmd_ingest, "convert GSO PX-Web CSV exports into statistics rows"),
    ):
        command = sub.add_parser(name, help=text, add_help=False)
        command.add_argument("rest", nargs=argparse.REMAINDER)
        command.set_defaults(func=func)
    return top


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    passthrough = {"validate": cmd_validate, "ingest-gso": cmd_ingest}
    if argv and argv[0] in passthrough:  # these parse their own options (--data, --help ...)
        args = argparse.Namespace(command=argv[0], func=passthrough[argv[0]], rest=argv[1:])
    else:
        args = parser().parse_args(argv)
    from provbook.build.signals import Interrupted, interruptible, stop_descendants

    try:
        with interruptible():
            return args.func(args)
    except Interrupted as exc:
        stopped = stop_descendants()  # normally already done where the work was running
        extra = f", stopped {stopped} process(es)" if stopped else ""
        kept = {
            "build": "finished chapters and the previous HTML were kept",
            "run": "no notebook was written",
        }.get(args.command, "nothing was left half-written")
        _error(f"interrupted by {exc.name}{extra}; {kept}")
        return exc.exit_code


if __name__ == "__main__":
    sys.exit(main())
