# Quickstart: `make demo` and `make test` set themselves up on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test setup clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/jixiao frameworks
	$(BIN)/jixiao evaluate examples/dapeng-2021.yaml
	$(BIN)/jixiao evaluate examples/guangzhou-2021.yaml
	$(BIN)/jixiao evaluate examples/jiangxi-demo-2021.yaml

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
