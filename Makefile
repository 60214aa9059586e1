# Two commands on a fresh machine with only Python 3.11 and make: `make run`, `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)

export PREFECT_HOME ?= $(CURDIR)/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED := false

# A local Prefect server, work pool, deployments and worker (see README "Running on a schedule").
PREFECT_PORT ?= 4200
LOCAL_API    := http://127.0.0.1:$(PREFECT_PORT)/api
POOL         := edunews-process
WRITER_LIMIT := edunews-warehouse-writer

.PHONY: install run test lint bench eval clean server deploy worker browser screenshot

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "edunews needs Python 3.11 (found %s); set PYTHON=/path/to/python3.11" % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

run: $(STAMP)
	$(BIN)/edunews ingest
	$(BIN)/edunews query "SELECT substr(article_id, 1, 8) AS id, strftime(published_at AT TIME ZONE 'Asia/Shanghai', '%Y-%m-%d %H:%M') AS published, outlet, author, title FROM core.articles ORDER BY published_at NULLS LAST"
	$(BIN)/edunews query "SELECT event_type, event_date, parties, agreement, city, copies FROM analytics.partnerships ORDER BY event_date, event_type"
	$(BIN)/edunews report

test: $(STAMP) lint browser
	$(BIN)/python -m pytest

# The report's browser test needs Chromium and a Chinese font from the distribution (Playwright's own
# browser download cannot run here). Installed when missing, as root with apt-get only; elsewhere
# the browser test is skipped and says why.
BROWSER_PACKAGES := chromium fonts-noto-cjk
browser:
	@missing=$$(for p in $(BROWSER_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || printf '%s ' $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing $$missing (report browser test)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "not installing $$missing (needs root and apt-get): the browser test will skip"; fi

lint: $(STAMP)
	$(BIN)/ruff check edunews flows tasks schemas warehouse tests bench
	$(BIN)/mypy
	$(BIN)/mypy bench

bench: $(STAMP)
	$(BIN)/python bench/bench_pipeline.py

# The README's picture of the report: the seeds warehouse's report, screenshot in headless Chromium.
screenshot: run browser
	$(BIN)/python bench/screenshot_report.py --png docs/report.png

# The labelled dev sets (by hand, not in CI): bodies, dates (bench/dates_checked.tsv), and events/people
# when .eval/events-dev/ holds the texts.
eval: $(STAMP)
	$(BIN)/python bench/eval_dev.py

# Keep it running and `export PREFECT_API_URL=http://127.0.0.1:4200/api`: every edunews command
# then reports to it and starts no temporary server of its own (README "Orchestration").
server: $(STAMP)
	$(BIN)/prefect server start --host 127.0.0.1 --port $(PREFECT_PORT)

deploy: $(STAMP)
	PREFECT_API_URL=$(LOCAL_API) $(BIN)/prefect work-pool create $(POOL) --type process --overwrite
	PREFECT_API_URL=$(LOCAL_API) $(BIN)/prefect global-concurrency-limit inspect $(WRITER_LIMIT) >/dev/null 2>&1 \
	  || PREFECT_API_URL=$(LOCAL_API) $(BIN)/prefect global-concurrency-limit create $(WRITER_LIMIT) --limit 1
	PREFECT_API_URL=$(LOCAL_API) $(BIN)/prefect deploy --all --no-prompt

worker: $(STAMP)
	PREFECT_API_URL=$(LOCAL_API) $(BIN)/prefect worker start --pool $(POOL)

clean:
	rm -rf $(VENV) .prefect data/edunews.duckdb data/edunews.read.duckdb data/spool
