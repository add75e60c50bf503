#!/usr/bin/env bash
# Run the whole test suite. Uses PostgreSQL when DATABASE_URL is set, SQLite otherwise; the broker tests
# need REDIS_URL (skipped without it, except under CI=true where they fail). Extra arguments go to pytest.
set -euo pipefail
source "$(dirname "$0")/bootstrap.sh"
ensure_python
ensure_pdf_libs
ensure_test_tools
ensure_requirements requirements/dev.lock
mkdir -p var test-artifacts
exec $VENV/bin/python -m pytest "$@"
