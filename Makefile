# Quick start: `make run` starts the dashboard, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test lint format validate coverage bench profile mutants replicas clean

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
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.fileWatcherType auto

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

# Every benchmark, then one table, written with the commit, the cores and the load average to
# bench/results/: load over the websocket (this app beside the bare baselines), bytes per
# change, time to map, 50 times the data, the memory soak, one process's rate against sessions,
# one replica against two. BENCH_ARGS trims it (say --no-soak --no-scale; --quick to try it).
BENCH_ARGS ?=
bench: $(VENV)/.test
	$(BIN)/python bench/report.py --sweep --replicas $(BENCH_ARGS)
	$(BIN)/python bench/embed_weight.py

# Serves the app, drives it with bench/load.py and prints where the server's time goes (py-spy).
PROFILE_ARGS ?=
profile: $(VENV)/.test
	$(BIN)/python bench/profile.py $(PROFILE_ARGS)

# Breaks the code in known ways, one at a time, and checks that the fast tests notice each.
mutants: $(VENV)/.test
	$(BIN)/python scripts/mutants.py

# N replicas behind nginx on PORT (Debian's nginx package), in the foreground.
REPLICAS ?= 2
replicas: $(VENV)/.runtime
	deploy/replicas.sh $(REPLICAS) $(PORT)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache static/vendor bench/static tests/artifacts
