#!/usr/bin/env bash
# Run the app: virtual environment, install, migrate, demo data, serve on http://127.0.0.1:8000.
set -euo pipefail
# Development mode, explicitly: the settings default to production (DEBUG off, a real SECRET_KEY required).
export DEBUG=${DEBUG:-1}
source "$(dirname "$0")/bootstrap.sh"
ensure_python
ensure_pdf_libs
ensure_requirements requirements/base.lock
mkdir -p var
echo "==> migrating the database"
$VENV/bin/python manage.py migrate --noinput
echo "==> loading demo data"
$VENV/bin/python manage.py seed_demo
export ADDR="${ADDR:-127.0.0.1:8000}"   # settings.SITE_URL (links in e-mails, calendars) follows it
echo "==> serving on http://${ADDR:-127.0.0.1:8000} (Ctrl-C to stop)"
exec $VENV/bin/python manage.py runserver "${ADDR:-127.0.0.1:8000}"
