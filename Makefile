# Two commands do everything on a fresh machine with python3 and make:
#   make book   -> .venv, pinned install, kernel, then `provbook build` into _build/html
#   make test   -> the same setup, then ruff and pytest: the fast tier, then the slow one (2 processes each)
#   make test-fast -> ruff and the tests not marked `slow`: no notebook, no book build, no browser,
#                     on 2 processes (about 140 s of CPU between them). Tests are slow by the fixtures
#                     they use (tests/tiers.py SLOW_FIXTURES); a fast test that builds anyway fails.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: book test test-fast setup lint clean browser-deps pdf lab

book: setup
	$(BIN)/provbook build $(ARGS)

# Every test: the fast tier on FAST_WORKERS processes, then the slow tier on SLOW_WORKERS. The slow
# tier builds the real default book once per run into a temporary copy of the checkout (shared by
# the processes, tests/conftest.py default_book; nothing is written into the checkout) and draws
# every figure of the 63 chapters once; --dist loadfile keeps a file's tests in one process, so
# that its module fixtures are made once, and the files go out longest first (tests/tiers.py
# LONGEST_FILES; --no-loadscope-reorder keeps xdist from putting them back in
# order of size). The fast tier keeps xdist's order (files with most tests first): 86 s against
# 107 s in the order of the slow tier's list. (Not loadgroup: xdist 3.8 cannot group under pytest 9.2.)
SLOW_WORKERS ?= 2
test: setup browser-deps lint
	$(BIN)/pytest -q -m "not slow" -n $(FAST_WORKERS) --dist loadfile $(PYTEST_ARGS)
	$(BIN)/pytest -q -m slow -n $(SLOW_WORKERS) --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

# The fast tier on FAST_WORKERS processes (pytest-xdist; whole files per process, so a module's
# fixtures are made once): about 140 s of CPU, shared by the 2 cores.
FAST_WORKERS ?= 2
test-fast: setup lint
	$(BIN)/pytest -q -m "not slow" -n $(FAST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check provbook tests benchmarks
	$(BIN)/ruff format --check provbook tests benchmarks

setup: $(STAMP)

# Two makes at once (`make book` twice in a fresh clone) must not both create and fill the venv
# (one failed on "File exists .venv/include"): the setup runs under a lock, flock(1) where it
# exists, else a lock folder, and a make that waited finds the venv made and does nothing. A lock
# folder left by a killed make is named while waiting; remove it if no make runs.
SETUP_LOCK := $(VENV).lock
FLOCK ?= $(shell command -v flock 2>/dev/null)
ifeq ($(FLOCK),)
LOCKED = sh -c 'until mkdir "$$0.d" 2>/dev/null; do echo "waiting for another make setup (lock $$0.d)"; sleep 2; done; \
  trap "rmdir \"$$0.d\"" EXIT; trap "exit 1" INT TERM HUP; "$$@"' $(SETUP_LOCK)
else
LOCKED = $(FLOCK) $(SETUP_LOCK)
endif

ifeq ($(SETUP_LOCKED),)
$(STAMP): requirements.lock pyproject.toml
	@$(LOCKED) $(MAKE) --no-print-directory SETUP_LOCKED=1 $(STAMP)
else
# pip compiles every installed module here. Not --no-compile: where PYTHONDONTWRITEBYTECODE is
# set (this machine sets it) nothing is cached later, and every process compiled pandas,
# matplotlib and Sphinx again (make test: 12 min 11 s instead of 8 min 54 s). For the same
# reason provbook's own modules are compiled once here: each build process, pool worker and
# kernel otherwise compiled them again (0.17 s a process). A module edited since is compiled
# from its source, as Python does for any stale cache.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m compileall -q provbook
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (provbook)" >/dev/null
	touch $(STAMP)
endif

# Debian's Chromium drives the browser check and poppler-utils checks the PDF; installed when
# missing and we are root with apt.
browser-deps:
	@{ command -v chromium && command -v pdftotext; } >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing chromium (Debian) for the browser check"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-core poppler-utils >/dev/null) \
	      || echo "WARNING: could not install chromium; the browser check will fail and say how to install it"; \
	  else echo "WARNING: chromium missing and not root: the browser check will fail (install: sudo apt-get install chromium chromium-driver)"; fi; }

# The whole book as one PDF (headless Chromium prints Jupyter Book's single-page build; no
# LaTeX): _build/pdf/book.pdf. The book is built again after it, so that its intro links it.
pdf: book browser-deps
	$(BIN)/python -m provbook.publish.pdf --out _build/pdf/book.pdf
	$(BIN)/provbook build $(ARGS)

# JupyterLab on the templates' folder, in the pinned environment (jupytext, in requirements.lock,
# opens a MyST template as a notebook: right-click it, Open With > Jupytext Notebook). JupyterLab
# is not needed by the book or the tests: its pins live in requirements-lab.lock, installed here
# on first use only.
LAB_STAMP := $(VENV)/.lab-installed
# (--allow-root only when run as root, e.g. in a container: Jupyter refuses root otherwise.)
lab: setup $(LAB_STAMP)
	$(BIN)/jupyter lab notebooks \
	  $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

$(LAB_STAMP): requirements-lab.lock $(STAMP)
	$(BIN)/python -m pip install --quiet -r requirements.lock -r requirements-lab.lock
	touch $(LAB_STAMP)

clean:
	rm -rf _build _build_all book/provinces book/provinces_2025 book/comparative.ipynb book/_generated \
	  book/vi/provinces book/vi/provinces_2025 book/vi/comparative.ipynb book/vi/_generated
