# The two commands: `make run` and `make test`. Everything else is set up on the way.
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Candidates for a Python >= 3.12, best first; pyenv resolves python3 through .python-version.
PYTHON_CANDIDATES := python3.13 python3.12 python3 python

.PHONY: run test lint format clean bench

$(VENV)/.installed: pyproject.toml
	@py=""; for c in $(PYTHON_CANDIDATES); do \
	  if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then py=$$c; break; fi; \
	done; \
	if [ -z "$$py" ]; then \
	  echo "K2 Tracker needs Python 3.12 or newer (Django 6.1 does not run on older ones)." >&2; \
	  echo "Install it, e.g. 'sudo apt install python3.13 python3.13-venv' or 'pyenv install 3.13', then run make again." >&2; \
	  exit 1; \
	fi; \
	echo "Setting up $(VENV) with $$($$py --version)"; \
	$$py -m venv $(VENV) && $(PY) -m pip install --quiet --upgrade pip && $(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

run: $(VENV)/.installed
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py load_catalogue
	@echo "K2 Tracker: http://127.0.0.1:$(PORT)/  (admin user: make run in one shell, then '.venv/bin/python manage.py createsuperuser' with DJANGO_DEBUG=1)"
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed
	$(PY) -m pytest

# Load benchmark: gunicorn + PostgreSQL + wrk, about 4 minutes; BENCH_ARGS passes
# options, e.g. make bench BENCH_ARGS="--pages day,add --seconds 8" or BENCH_ARGS="--instances 2".
bench: $(VENV)/.installed
	$(PY) benchmarks/load.py $(BENCH_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DJANGO_DEBUG=1 $(VENV)/bin/mypy

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
