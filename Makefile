# Shortcuts for the two README commands (the scripts need only bash and Python 3.11).
.PHONY: run test lint
run:
	bash scripts/run.sh
test:
	bash scripts/test.sh
lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .
