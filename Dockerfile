FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements/base.lock requirements/base.lock
RUN pip install --no-cache-dir -r requirements/base.lock
COPY . .
# Static files are collected with the production settings (DEBUG=0), so the manifest that production
# storage needs is written. The build needs a SECRET_KEY to import the settings; it is never used at run
# time (the container gets the real one from the environment). tests/core/test_image_build.py replays this.
RUN pip install --no-cache-dir --no-deps -e . \
    && DEBUG=0 SECRET_KEY=collectstatic-at-build-time-only python manage.py collectstatic --noinput
RUN useradd --create-home secor && mkdir -p /app/var/media && chown -R secor /app/var
USER secor
EXPOSE 8000
CMD ["gunicorn", "secor.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
