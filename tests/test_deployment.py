"""Test cases for the several-replica deployment, deploy/compose.yaml, as far as it can be
tested without a container engine: its services, health checks, volumes, the store's
connection, and that its nginx configuration is the file benchmarks/replicas.py runs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "deploy" / "compose.yaml"


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    compose = yaml.safe_load(COMPOSE.read_text())
    found: dict[str, Any] = compose["services"]
    return found


def test_it_runs_two_replicas_behind_nginx_on_postgresql(services: dict[str, Any]) -> None:
    """The app (built from the Dockerfile) at least twice, nginx and PostgreSQL, all pinned."""
    assert set(services) == {"app", "nginx", "postgres"}
    assert services["app"]["build"] == {"context": "..", "dockerfile": "Dockerfile"}
    assert services["app"]["deploy"]["replicas"] >= 2
    assert re.fullmatch(r"nginx:\d+\.\d+\.\d+-\w+", services["nginx"]["image"])
    assert re.fullmatch(r"postgres:\d+\.\d+-\w+", services["postgres"]["image"])


def test_every_service_checks_its_health(services: dict[str, Any]) -> None:
    """Each service has a health check, and starts once what it needs is healthy."""
    for name, service in services.items():
        assert service["healthcheck"]["test"], name
    assert "/_stcore/health" in " ".join(services["app"]["healthcheck"]["test"])
    assert "/_stcore/health" in " ".join(services["nginx"]["healthcheck"]["test"])
    assert "pg_isready" in services["postgres"]["healthcheck"]["test"]
    healthy = {"condition": "service_healthy"}
    assert services["app"]["depends_on"] == {"postgres": healthy}
    assert services["nginx"]["depends_on"] == {"app": healthy}


def test_the_replicas_share_the_postgresql_store(services: dict[str, Any]) -> None:
    """Every replica names the compose's database as CASE_STORE_URL, with its user and
    password, and the database keeps its files on a named volume."""
    url = services["app"]["environment"]["CASE_STORE_URL"]
    postgres = services["postgres"]["environment"]
    found = re.fullmatch(r"postgresql\+psycopg://(\w+):(\$\{[^}]+\})@postgres:5432/(\w+)", url)
    assert found, url
    assert found.groups() == (
        postgres["POSTGRES_USER"],
        postgres["POSTGRES_PASSWORD"],
        "case_store",
    )
    assert postgres["POSTGRES_DB"] == "case_store"
    volume = services["postgres"]["volumes"][0].split(":")
    assert volume == ["case-store", "/var/lib/postgresql/data"]
    assert "case-store" in yaml.safe_load(COMPOSE.read_text())["volumes"]


def test_nginx_runs_the_file_the_replica_benchmark_runs(services: dict[str, Any]) -> None:
    """The mounted configuration is deploy/nginx/dashboard.conf, which benchmarks/replicas.py
    reads, swapping its one `listen` and one `server` line for loopback ones."""
    (mount,) = services["nginx"]["volumes"]
    source, target, mode = mount.split(":")
    mounted = (COMPOSE.parent / source).resolve()
    assert (target, mode) == ("/etc/nginx/conf.d/default.conf", "ro")
    benchmark = (ROOT / "benchmarks" / "replicas.py").read_text()
    named = re.search(r'^NGINX_SITE = ROOT / "(\w+)" / "(\w+)" / "([\w.]+)"$', benchmark, re.M)
    assert named and mounted == ROOT.joinpath(*named.groups())
    site = mounted.read_text()
    assert site.count("listen 80;") == 1 and site.count("server app:8501;") == 1
    assert "hash $sticky_key consistent;" in site and "/_stcore/stream" in site
