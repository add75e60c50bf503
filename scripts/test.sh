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
# Two or more cores: one pytest-xdist worker per core (TEST_WORKERS=0 runs in one process), each with its own
# test database (test_<name>_gw0, …) and its own Redis database number; a file's tests stay on one worker.
WORKERS=${TEST_WORKERS:-auto}
if [[ $WORKERS == 0 ]]; then
  exec $VENV/bin/python -m pytest "$@"
fi
exec $VENV/bin/python -m pytest -n "$WORKERS" --dist loadfile "$@"
