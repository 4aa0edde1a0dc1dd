# dragoman: `make demo` and `make test` bootstrap .venv on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SRC := pyproject.toml

.PHONY: install demo test test-slow models places quality evaluate evaluate-places bench bench-memory bench-api bench-gazetteer clean

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

places: $(STAMP)
	$(BIN)/pip install --quiet -e ".[places-build]"
	$(BIN)/python eval/build_places.py

evaluate: $(STAMP)
	$(BIN)/dragoman evaluate eval/voa/test.jsonl
	$(BIN)/dragoman evaluate eval/data/test.jsonl

# Every figure of docs/quality.md, rewritten in place (a few minutes).
quality: $(STAMP)
	$(BIN)/python eval/write_quality.py

evaluate-places: $(STAMP)
	$(BIN)/python eval/lgl.py
	$(BIN)/python eval/event_location.py
	$(BIN)/python eval/coverage.py
	$(BIN)/python eval/voa_location.py

bench: $(STAMP)
	$(BIN)/python bench/bench_pipeline.py
	$(BIN)/python bench/bench_coder.py
	$(BIN)/python bench/bench_query.py
	$(BIN)/python bench/bench_language.py
	$(BIN)/python bench/bench_memory.py --docs 100000 --no-nlp
	$(BIN)/python bench/bench_gazetteer.py

# Memory of the whole pipeline (spaCy and the coder too) over a stream: about 15 minutes.
bench-memory: $(STAMP)
	$(BIN)/python bench/bench_memory.py --docs 20000

bench-gazetteer: $(STAMP)
	$(BIN)/python bench/bench_gazetteer.py

bench-api: $(STAMP)
	$(BIN)/python bench/bench_api.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache
