FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements/base.lock requirements/base.lock
RUN pip install --no-cache-dir -r requirements/base.lock
COPY . .
RUN pip install --no-cache-dir --no-deps -e . \
    && DEBUG=1 python manage.py collectstatic --noinput
RUN useradd --create-home secor && mkdir -p /app/var/media && chown -R secor /app/var
USER secor
EXPOSE 8000
CMD ["gunicorn", "secor.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
