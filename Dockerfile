# The dashboard as a container: pinned slim Python, uv.lock's dependencies by hash, the
# app as a wheel, a non-root user, a folder for the case store, a health check.
#   docker build -t credibility-dashboard .
#   docker run -p 8501:8501 -v case-store:/var/lib/case-store credibility-dashboard
# Secrets come at run time, never baked into the image: a PostgreSQL store as CASE_STORE_URL
# without its password, and the password as PGPASSWORD (deploy/compose.yaml does so).

FROM python:3.11.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# uv only turns uv.lock into a requirements file with hashes; pip installs it below.
RUN pip install uv==0.13.9
WORKDIR /src
COPY pyproject.toml uv.lock README.md LICENSE ./
RUN uv export --frozen --no-emit-project --no-dev --format requirements-txt \
        --output-file requirements.txt
COPY dashboard ./dashboard
COPY data ./data
COPY .streamlit/__init__.py .streamlit/config.toml ./.streamlit/
RUN pip wheel --no-deps --wheel-dir dist .

FROM python:3.11.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    CASE_STORE_FOLDER=/var/lib/case-store

COPY --from=build /src/requirements.txt /src/dist/ /tmp/install/
RUN pip install --require-hashes -r /tmp/install/requirements.txt \
    && pip install --no-deps /tmp/install/*.whl \
    && pip check \
    && rm -rf /tmp/install

# The embedded store's SQLite file lives in a folder the app user owns; mount a named
# volume there (`-v case-store:/var/lib/case-store`: a new one takes this folder's owner)
# and stored cases outlive the container. No VOLUME line: it would give every container
# an anonymous volume of its own, unused where the store is PostgreSQL (deploy/).
RUN useradd --create-home --uid 10001 app \
    && mkdir -p /var/lib/case-store \
    && chown app:app /var/lib/case-store
WORKDIR /home/app
USER app

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).read() != b'ok')"

CMD ["credibility-dashboard", "serve", "--address", "0.0.0.0", "--port", "8501"]
