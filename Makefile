# Thin wrappers around the standard flow: `pip install -r requirements.txt` and `sphinx-build`.
VENV     ?= .venv
PYTHON   := $(VENV)/bin/python
SPHINX   := $(VENV)/bin/sphinx-build
BUILDDIR ?= _build
STRICT   := -W --keep-going -n
JOBS     ?= auto

.PHONY: html latex latexpdf live test check new-post figures bench lighthouse clean help

help:
	@echo "make html      build the site strictly into $(BUILDDIR)/html"
	@echo "make latexpdf  build the PDF book into $(BUILDDIR)/latex"
	@echo "make live      preview with automatic rebuild and reload"
	@echo "make test      install test dependencies and run the whole suite"
	@echo "make check     check every post's front matter (no Sphinx build)"
	@echo "make new-post TOPIC=<topic> SLUG=<slug>   start a new post"
	@echo "make figures   redraw every figure SVG with scripts/figures/*.py (matplotlib)"
	@echo "make bench     time builds against the stock stack (POSTS=300 synthetic, REAL=k copies of the real posts)"
	@echo "make lighthouse  Lighthouse (mobile) on each page type of $(BUILDDIR)/html, served gzip'd"
	@echo "make clean     remove $(BUILDDIR)"

# requirements.lock pins every package requirements.txt pulls in (pip-compile, see README):
# an upstream release cannot change the site unseen. Development tools follow the same pins.
$(VENV)/.site-installed: requirements.txt requirements.lock
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install -q -r requirements.lock
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.site-installed
	$(PYTHON) -m pip install -q -r requirements-dev.txt -c requirements.lock
	touch $@

html: $(VENV)/.site-installed
	$(SPHINX) $(STRICT) -b html . $(BUILDDIR)/html

latex: $(VENV)/.site-installed
	$(SPHINX) $(STRICT) -b latex . $(BUILDDIR)/latex

latexpdf: latex
	$(MAKE) -C $(BUILDDIR)/latex all-pdf LATEXMKOPTS="-interaction=nonstopmode -halt-on-error"

live: $(VENV)/.dev-installed
	$(VENV)/bin/sphinx-autobuild . $(BUILDDIR)/html --ignore "$(BUILDDIR)/*" --ignore "$(VENV)/*"

test: $(VENV)/.dev-installed
	bash scripts/system-deps.sh
	$(PYTHON) -m pytest

check: $(VENV)/.site-installed
	$(PYTHON) scripts/check_posts.py

new-post: $(VENV)/.site-installed
	$(PYTHON) scripts/new_post.py "$(TOPIC)" "$(SLUG)"

# Every script in scripts/figures/ except the shared style and _private helpers writes its SVGs.
figures: $(VENV)/.dev-installed
	@for script in scripts/figures/*.py; do \
	  case "$$script" in */figure_style.py|*/_*) continue;; esac; \
	  $(PYTHON) "$$script" || exit 1; \
	done

POSTS ?= 300
REAL  ?= 0
bench: $(VENV)/.dev-installed
ifeq ($(BENCH_MODE),rtd)
	$(PYTHON) scripts/rtd_bench.py --real $(REAL)
else
	$(PYTHON) scripts/bench.py --posts $(POSTS) --real $(REAL)
endif

# npm's lighthouse, installed once under $(BUILDDIR)/tools (never committed); Chromium from Debian.
LIGHTHOUSE := $(BUILDDIR)/tools/node_modules/.bin/lighthouse
$(LIGHTHOUSE):
	npm install --silent --no-audit --no-fund --prefix $(BUILDDIR)/tools lighthouse@12.2.3

lighthouse: html $(LIGHTHOUSE)
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(PYTHON) scripts/lighthouse.py --site $(BUILDDIR)/html --lighthouse $(LIGHTHOUSE)

clean:
	rm -rf $(BUILDDIR)
