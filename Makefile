# dragoman: `make demo` and `make test` bootstrap .venv on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SRC := pyproject.toml

FUZZ_SECONDS ?= 30
FUZZ_ROUND ?= 0
ifndef FUZZ_SEED
FUZZ_SEED := $(shell od -An -N4 -tu4 /dev/urandom | tr -d ' ')
endif

.PHONY: install demo test test-slow fuzz models places quality evaluate evaluate-places bench bench-memory bench-api bench-gazetteer clean

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

# Property-based fuzzing of the readers, the coder and the API (hypothesis, FUZZ_SECONDS per target),
# then coverage-guided fuzzing of the readers (atheris, when it installs): about 10 x FUZZ_SECONDS.
fuzz: $(STAMP)
	@echo "fuzz: seed $(FUZZ_SEED), $(FUZZ_SECONDS) s per target; replay with: make fuzz FUZZ_SEED=$(FUZZ_SEED)"
	DRAGOMAN_FUZZ_SECONDS=$(FUZZ_SECONDS) DRAGOMAN_FUZZ_SEED=$(FUZZ_SEED) DRAGOMAN_FUZZ_ROUND=$(FUZZ_ROUND) \
	    $(BIN)/python -m pytest -q -p no:logging -p no:cacheprovider -W ignore::DeprecationWarning tests/fuzz
	@if $(BIN)/python -c "import atheris" 2>/dev/null || $(BIN)/pip install --quiet -e ".[fuzz]"; then \
	    mkdir -p artifacts/fuzz && $(BIN)/python tests/fuzz/atheris_readers.py -max_total_time=$(FUZZ_SECONDS) \
	        -seed=$(FUZZ_SEED) -timeout=30 -artifact_prefix=artifacts/fuzz/ > artifacts/fuzz/atheris.log 2>&1 \
	    || { tail -n 40 artifacts/fuzz/atheris.log; echo "fuzz: atheris found a crash (artifacts/fuzz/crash-*)"; exit 1; }; \
	    grep -E "^INFO: Seed|^Done" artifacts/fuzz/atheris.log; \
	else echo "fuzz: atheris did not install; the hypothesis targets above ran"; fi

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
