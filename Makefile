# Quick start: `make run` starts the dashboard, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test lint format validate coverage bench clean

# The stamp is written only once the environment works, so a failed attempt (no python3-venv,
# say) is simply retried, from a clean folder, by the next make.
$(VENV)/.created:
	$(PYTHON) -m venv --clear $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	touch $@

$(VENV)/.runtime: requirements.txt | $(VENV)/.created
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test: requirements.txt requirements-test.txt | $(VENV)/.created
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $@ $(VENV)/.runtime

run: $(VENV)/.runtime
	$(BIN)/streamlit run app.py --server.port $(PORT)

test: $(VENV)/.test
	$(BIN)/python -m pytest

lint: $(VENV)/.test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

validate: $(VENV)/.runtime
	$(BIN)/python -m allies.validate

coverage: $(VENV)/.runtime
	$(BIN)/python -m allies.coverage

bench: $(VENV)/.test
	$(BIN)/python bench/map_build.py
	$(BIN)/python bench/app_rerun.py
	$(BIN)/python bench/browser_latency.py
	$(BIN)/python bench/scale.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache static/vendor tests/artifacts
