# dragoman: `make demo` and `make test` bootstrap .venv on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SRC := pyproject.toml

.PHONY: install demo test test-slow models evaluate bench bench-memory bench-api clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python $(SRC)
	$(BIN)/pip install --quiet -e ".[dev,scale,serve]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/dragoman demo

test: $(STAMP)
	$(BIN)/python -m pytest -q

test-slow: $(STAMP)
	$(BIN)/python -m pytest -q -m slow

models: $(STAMP)
	$(BIN)/python eval/build_models.py

evaluate: $(STAMP)
	$(BIN)/dragoman evaluate eval/data/test.jsonl

bench: $(STAMP)
	$(BIN)/python bench/bench_pipeline.py
	$(BIN)/python bench/bench_coder.py
	$(BIN)/python bench/bench_query.py
	$(BIN)/python bench/bench_language.py
	$(BIN)/python bench/bench_memory.py --docs 100000 --no-nlp

# Memory of the whole pipeline (spaCy and the coder too) over a stream: about 15 minutes.
bench-memory: $(STAMP)
	$(BIN)/python bench/bench_memory.py --docs 20000

bench-api: $(STAMP)
	$(BIN)/python bench/bench_api.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache
