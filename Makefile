# Quickstart: `make demo` and `make test` set themselves up on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# What the documents need from outside Python (PDF conversion, live-formula recalculation in the
# tests, Chinese fonts, PDF→PNG), and what the web tests need (a PostgreSQL server for the second run,
# Chromium for the browser tests), from Debian's packages; installed only when missing.
# fonts-lxgw-wenkai is the 楷体 face of the PDF conversion's font mapping (src/jixiao/render/fonts/fonts.conf).
SYSTEM_PACKAGES := libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk fonts-lxgw-wenkai poppler-utils postgresql chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test bench setup system-deps docs-images docs-web-images clean serve ocr

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

system-deps:
	@if command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 && fc-list :lang=zh | grep -q . && fc-list | grep -q LXGWWenKai \
	    && command -v chromium >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then :; else \
	  echo "安装 LibreOffice、中文字体、poppler、PostgreSQL 与 Chromium（Debian 软件包）……"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES) >/dev/null; \
	fi

# Optional: OCR of scanned PDF reports (jixiao ingest), Debian's tesseract with its simplified-Chinese data.
ocr:
	@command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx chi_sim || { \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends tesseract-ocr tesseract-ocr-chi-sim >/dev/null; }

demo: $(STAMP)
	$(BIN)/jixiao frameworks
	$(BIN)/jixiao evaluate examples/dapeng-2021.yaml --out out/dapeng-2021
	$(BIN)/jixiao evaluate examples/guangzhou-2021.yaml --out out/guangzhou-2021
	$(BIN)/jixiao evaluate examples/jiangxi-demo-2021.yaml --out out/jiangxi-demo-2021
	$(BIN)/jixiao check examples/guangzhou-2021.yaml || true
	$(BIN)/jixiao summary examples/dapeng-2021.yaml examples/guangzhou-2021.yaml examples/jiangxi-demo-2021.yaml -o out/汇总表.xlsx
	$(BIN)/jixiao monitor examples/demo-2024-1至6月-监控.yaml --out out/监控-2024-1至6月
	$(BIN)/jixiao evaluate examples/projects/高标准农田建设项目.yaml --out out/projects
	$(BIN)/jixiao check examples/projects/农村人居环境整治项目.yaml
	$(BIN)/jixiao summary examples/projects -o out/projects/项目自评汇总表.xlsx
	$(BIN)/jixiao evaluate examples/dapeng-2021.yaml --projects examples/projects | tail -n 1
	$(BIN)/jixiao monitor examples/某县农业农村局-2023-1至6月-监控.yaml --out out/监控-2023-1至6月-项目
	$(BIN)/jixiao template -f national-2020-project --targets examples/projects/目标表.yaml --monitoring examples/某县农业农村局-2023-1至6月-监控.yaml -o out/项目自评起点

PYTEST := $(BIN)/python -m pytest

# The whole suite on SQLite (browser tests included; a JIXIAO_DATABASE_URL of the shell is not used) and, at the
# same time on the other core, the web tests on PostgreSQL in a throwaway cluster (scripts/with-postgres starts it
# in /tmp, always removes it). scripts/test-passes prints the SQLite pass as it goes, then the PostgreSQL pass's
# log and a summary line of each (logs in out/test/); it fails if either fails (pytest's 5, nothing selected, is
# not a failure). What else keeps the suite fast is described in docs/web.md (测试): the browser tests' demo is
# prepared once per session, and the web tests' demo region seeded once and put back per test.
test: $(STAMP) system-deps
	scripts/test-passes $(PYTEST)

# The web system with a demo region on http://127.0.0.1:8000 (docs/web.md); data in ./data.
serve: $(STAMP)
	$(BIN)/jixiao serve --demo

# Benchmarks: printed one line per measure and written to bench/results.md (not part of `make test`).
# bench/web.py: a round of 5,000 units on SQLite, then on PostgreSQL in a throwaway cluster (its own sections);
# bench/projects_web.py likewise, with 8 projects per unit.
bench: $(STAMP) system-deps
	$(BIN)/python bench/run.py
	$(BIN)/python bench/ingest_dev.py
	$(BIN)/python bench/ingest_office.py
	$(BIN)/python bench/monitoring.py
	$(BIN)/python bench/monitoring_web.py
	scripts/with-postgres $(BIN)/python bench/monitoring_web.py
	$(BIN)/python bench/whatif.py
	$(BIN)/python bench/projects.py
	$(BIN)/python bench/projects_web.py
	scripts/with-postgres $(BIN)/python bench/projects_web.py
	$(BIN)/python bench/web.py
	scripts/with-postgres $(BIN)/python bench/web.py
	$(BIN)/python bench/overview.py
	scripts/with-postgres $(BIN)/python bench/overview.py
	$(BIN)/python bench/public_pages.py
	scripts/with-postgres $(BIN)/python bench/public_pages.py
	$(BIN)/python bench/quick.py

# The pictures in README: first page of the 大鹏 report and of its 评分表, rendered from PDF.
docs-images: $(STAMP) system-deps
	rm -rf out/images && mkdir -p out/images
	$(BIN)/jixiao evaluate examples/dapeng-2021.yaml --out out/images --pdf >/dev/null
	cd out/images && soffice --headless --convert-to pdf 评分表.xlsx >/dev/null 2>&1
	pdftoppm -r 80 -png -f 1 -l 1 -singlefile out/images/自评报告.pdf docs/report-page1
	pdftoppm -r 80 -png -f 1 -l 1 -singlefile out/images/评分表.pdf docs/scoresheet

# The web pictures in README: the main pages of the demo region, taken in Chromium from a real server.
docs-web-images: $(STAMP) system-deps
	$(BIN)/python scripts/screenshots.py docs

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
