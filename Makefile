# Set-up and checks. `make demo` and `make test` do all set-up on a fresh machine.
#
# vnet is installed into .venv, not linked to the source (no `pip install -e`): the packet
# path is compiled to C with mypyc when it is installed (setup.py, src/vnet/build.py), so
# any change to a source file reinstalls it (about a minute). `make VNET_PURE=1 ...`
# installs plain Python instead.
PY ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
BUILD := $(if $(filter 1,$(VNET_PURE)),pure,compiled)
STAMP := $(VENV)/.installed-$(BUILD)
SOURCES := pyproject.toml setup.py $(shell find src -name '*.py')
export VNET_PURE

.PHONY: demo test bench lint clean

$(STAMP): $(SOURCES)
	test -x $(VPY) || $(PY) -m venv $(VENV)
	$(VPY) -m pip install -q --upgrade pip
	$(VPY) -m pip install -q '.[test]'
	rm -f $(VENV)/.installed*
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/vnet run examples/bridge-containers.sh

# The whole suite on the installed build, then the unit tests once more on the pure-Python
# source (the kernel comparisons do not depend on how vnet was built; tests/compiled
# compares the two forms' outputs and pcaps for every script).
test: $(STAMP)
	VNET_EXPECT_BUILD=$(BUILD) $(VPY) -m pytest -q
	VNET_EXPECT_BUILD=pure PYTHONPATH=src $(VPY) -m pytest -q --ignore=tests/kernel

bench: $(STAMP)
	$(VPY) bench/run.py

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench

clean:
	rm -rf $(VENV) build src/*.egg-info *.egg-info
