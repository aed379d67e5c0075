# `make run` starts the whole app with sandboxes; `make test` runs the suite. Both create .venv first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test check bench venv clean messages

venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

run: venv
	$(PY) -m scripts.devstack

test: venv
	$(PY) -m pytest $(PYTEST_ARGS)

# Static checks CI runs beside the tests: mypy (mypy.ini) on the production packages with 0 errors,
# and no function of cyclomatic complexity grade D or worse (radon); the C-grade ones are listed.
check: venv
	DEBUG=true DOTENV_PATH= $(PY) -m mypy
	@$(PY) -m radon cc -n C -s config omnitron channel proxy security
	@test -z "$$($(PY) -m radon cc -n D config omnitron channel proxy security)" || \
		{ echo "functions of grade D or worse:"; $(PY) -m radon cc -n D -s config omnitron channel proxy security; exit 1; }

bench: venv
	$(PY) -m bench

# Turkish catalogue: our strings from the sources, third-party admin strings and flow descriptions
# from scripts/translate_tr.py (which fails naming any string without a translation), then compiled.
messages: venv
	DEBUG=true $(PY) manage.py makemessages -l tr --ignore=.venv --ignore=var --ignore=tests --ignore=bench --ignore=sandboxes
	$(PY) -m scripts.translate_tr
	DEBUG=true $(PY) manage.py compilemessages -l tr --ignore=.venv

clean:
	rm -rf $(VENV) var
