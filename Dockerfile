# syntax=docker/dockerfile:1
# Build stage: install the project and its dependencies into a virtualenv.
FROM python:3.12-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
RUN python -m venv /venv
COPY pyproject.toml README.md ./
COPY archive ./archive
RUN /venv/bin/pip install .

# Runtime stage: the virtualenv, the code, collected static files; runs as a non-root user.
FROM python:3.12-slim
ENV PATH=/venv/bin:$PATH PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PORT=8000
RUN useradd --system --create-home --uid 10001 archive
WORKDIR /app
COPY --from=build /venv /venv
COPY manage.py gunicorn.conf.py deploy/healthcheck.py ./
COPY archive ./archive
COPY templates ./templates
COPY static ./static
COPY locale ./locale
COPY fixtures ./fixtures
# The bulk dataset's folder (DATASET_ROOT), owned by the user that builds it, so that a volume
# mounted there starts with the right owner.
ENV DATASET_ROOT=/srv/archive/dataset
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --no-input \
    && mkdir -p /srv/archive/dataset \
    && chown -R archive:archive /app /srv/archive
USER archive
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "/app/healthcheck.py"]
CMD ["gunicorn", "--config", "gunicorn.conf.py", "archive.wsgi"]
