# The two commands of the README: `make run` and `make test`. Everything else is their plumbing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Test workers (pytest-xdist): `auto` is one per core; TEST_WORKERS=0 runs the suite in this process.
TEST_WORKERS ?= auto
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# Bytecode caches (__pycache__, ignored by git) are written even where the environment says not
# to: without them every test worker rewrites and compiles each test module and the pytest
# plugins' packages again (collecting the suite: 19 s a process without, 8 s with).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test lint check-migrations demo serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the requirements change.
$(VENV)/.installed-run: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.installed-run

## run: install, migrate, load the demo school and serve it on http://127.0.0.1:$(PORT), with one
## background worker beside the server (scripts/serve; Ctrl+C stops both)
run:
	scripts/system-packages run
	$(MAKE) --no-print-directory $(VENV)/.installed-run
	$(BIN)/python manage.py migrate --no-input -v0
	$(BIN)/python manage.py load_demo
	@echo ""
	@echo "thidua đang chạy tại / is serving at: http://127.0.0.1:$(PORT)/   (Ctrl+C để dừng)"
	DEBUG=$${DEBUG:-1} $(BIN)/python scripts/serve $(BIN)/python 127.0.0.1:$(PORT)

## test: install what the tests need, then ruff, the migration check and the whole pytest suite,
## spread over $(TEST_WORKERS) worker processes. A test file goes to one worker (its module fixtures
## load once), the files in pytest-django's order: the database tests, then the browser and other
## transactional ones, then the tests without a database, which fill the last worker's tail (xdist's
## default, the biggest files first, left the long browser journeys for the end).
## PYTEST_ARGS come last and may override -n or --dist.
test:
	scripts/system-packages test
	$(MAKE) --no-print-directory $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run -v1
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles
