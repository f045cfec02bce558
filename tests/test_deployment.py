"""Test cases for the several-replica deployment, deploy/compose.yaml, as far as it can be
tested without a container engine: its services, health checks, volumes, the store's
connection, and its nginx configuration (the file benchmarks/replicas.py runs): replicas
looked up again at run time, readers kept on one, no replica address sent to a client."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "deploy" / "compose.yaml"
SITE = ROOT / "deploy" / "nginx" / "dashboard.conf"


def directives(config: str) -> list[str]:
    """nginx's directives and block openings in `config`, comments left out, each as one
    line of its words (quoted ones kept whole) with single spaces."""
    words = re.findall(r"\"[^\"]*\"|'[^']*'|#[^\n]*|[;{}]|[^\s;{}\"'#]+", config)
    found: list[str] = []
    current: list[str] = []
    for word in words:
        if word.startswith("#"):
            continue
        if word in (";", "{", "}"):
            if current:
                found.append(" ".join(current))
            current = []
        else:
            current.append(word)
    return found


def block(config: str, opening: str) -> str:
    """The body of the block that starts with `opening` (`upstream streamlit`)."""
    start = config.index(opening + " {") + len(opening) + 2
    depth, end = 1, start
    while depth:
        depth += {"{": 1, "}": -1}.get(config[end], 0)
        end += 1
    return config[start : end - 1]


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
    """Every replica names the compose's database as CASE_STORE_URL, with its user, and the
    database keeps its files on a named volume."""
    url = services["app"]["environment"]["CASE_STORE_URL"]
    postgres = services["postgres"]["environment"]
    found = re.fullmatch(r"postgresql\+psycopg://(\w+)@postgres:5432/(\w+)", url)
    assert found, url
    assert found.groups() == (postgres["POSTGRES_USER"], postgres["POSTGRES_DB"])
    assert postgres["POSTGRES_DB"] == "case_store"
    volume = services["postgres"]["volumes"][0].split(":")
    assert volume == ["case-store", "/var/lib/postgresql/data"]
    assert "case-store" in yaml.safe_load(COMPOSE.read_text())["volumes"]


def test_any_password_reaches_the_database_unparsed(
    services: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The password is never spliced into CASE_STORE_URL, where `@:/#%?` would break it: the
    replicas get it as PGPASSWORD, the variable the database gets as POSTGRES_PASSWORD, and
    the URL's driver (libpq, under psycopg) takes it from there as it is."""
    from psycopg import pq
    from sqlalchemy import make_url

    app, postgres = services["app"]["environment"], services["postgres"]["environment"]
    assert app["PGPASSWORD"] == postgres["POSTGRES_PASSWORD"]
    assert re.fullmatch(r"\$\{CASE_STORE_PASSWORD:\?[^}]*\}", app["PGPASSWORD"])
    assert "$" not in app["CASE_STORE_URL"]
    url = make_url(app["CASE_STORE_URL"])
    assert url.password is None
    _, connect_kwargs = url.get_dialect()().create_connect_args(url)
    assert "password" not in connect_kwargs

    password = "p@ss:w/o#r%d?"
    monkeypatch.setenv("PGPASSWORD", password)
    defaults = {option.keyword: option.val for option in pq.Conninfo.get_defaults()}
    assert defaults[b"password"] == password.encode()


def test_no_replica_gets_an_anonymous_volume(services: dict[str, Any]) -> None:
    """The image declares no VOLUME (each container would get an unused anonymous volume
    of its own) and the replicas mount none: their store is PostgreSQL."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert not re.search(r"^\s*VOLUME\b", dockerfile, re.M | re.I)
    assert "volumes" not in services["app"]
    images = re.findall(r"^FROM (\S+)", dockerfile, re.M)
    assert images and all(re.fullmatch(r"python:3\.\d+\.\d+-slim-\w+", i) for i in images)


def test_nginx_runs_the_file_the_replica_benchmark_runs(services: dict[str, Any]) -> None:
    """The mounted configuration is deploy/nginx/dashboard.conf, which benchmarks/replicas.py
    reads, swapping its one `listen`, `server` and `access_log` line for loopback ones."""
    (mount,) = services["nginx"]["volumes"]
    source, target, mode = mount.split(":")
    mounted = (COMPOSE.parent / source).resolve()
    assert (target, mode) == ("/etc/nginx/conf.d/default.conf", "ro")
    benchmark = (ROOT / "benchmarks" / "replicas.py").read_text()
    named = re.search(r'^NGINX_SITE = ROOT / "(\w+)" / "(\w+)" / "([\w.]+)"$', benchmark, re.M)
    assert named and mounted == ROOT.joinpath(*named.groups()) == SITE
    site = directives(SITE.read_text())
    for line in (
        "listen 80",
        "server app:8501 resolve",
        "access_log /var/log/nginx/access.log upstream",
    ):
        assert site.count(line) == 1, line
        assert f'"{line};"' in benchmark, line
    assert "location /_stcore/stream" in site


def test_nginx_looks_the_replicas_up_again_at_run_time(services: dict[str, Any]) -> None:
    """After `up -d --build` the replicas have new addresses: nginx asks Docker's DNS again
    (`resolve`, which needs a shared `zone` and a `resolver`, and an nginx from 1.27.3, the
    first open-source one with it) at least every 10 s, instead of once at start."""
    image = re.fullmatch(r"nginx:(\d+)\.(\d+)\.(\d+)-\w+", services["nginx"]["image"])
    assert image and tuple(map(int, image.groups())) >= (1, 27, 3)
    config = SITE.read_text()
    upstream = directives(block(config, "upstream streamlit"))
    assert "server app:8501 resolve" in upstream
    assert any(re.fullmatch(r"zone streamlit \d+k", line) for line in upstream)
    (resolver,) = [line for line in directives(config) if line.startswith("resolver ")]
    address, *options = resolver.split()[1:]
    assert address == "127.0.0.11"
    valid = dict(option.split("=") for option in options)["valid"]
    assert re.fullmatch(r"\d+s", valid) and int(valid[:-1]) <= 10


def test_nginx_keeps_a_reader_on_one_replica(services: dict[str, Any]) -> None:
    """A reader's key (its `st_replica` cookie, else a fresh one that becomes the cookie)
    picks the replica for the page, the websocket and every download. The hash is plain:
    `consistent` hashes the `server` line's name, which all replicas share, and then
    takes them in turn, whatever the key. Both locations go to that one upstream, and the
    websocket's passes the upgrade."""
    config = SITE.read_text()
    site = directives(config)
    upstream = directives(block(config, "upstream streamlit"))
    assert [line for line in upstream if line.startswith("hash ")] == ["hash $sticky_key"]
    assert "map $cookie_st_replica $sticky_key" in site
    assert '"" $request_id' in site and "default $cookie_st_replica" in site
    cookie = 'add_header Set-Cookie "st_replica=$sticky_key; Path=/; HttpOnly; SameSite=Lax" always'
    assert cookie in site
    assert site.count("proxy_pass http://streamlit") == 2
    stream = directives(block(config, "location /_stcore/stream"))
    assert "proxy_set_header Upgrade $http_upgrade" in stream
    assert 'proxy_set_header Connection "upgrade"' in stream


def test_no_answer_names_the_replica(services: dict[str, Any]) -> None:
    """Which replica answered (`$upstream_addr`) goes to the access log, never into a header
    a client receives."""
    site = directives(SITE.read_text())
    headers = [line for line in site if line.startswith(("add_header", "more_set_headers"))]
    assert headers and not [line for line in headers if "upstream" in line.lower()]
    (log_format,) = [line for line in site if line.startswith("log_format upstream ")]
    assert "$upstream_addr" in log_format
    assert "access_log /var/log/nginx/access.log upstream" in site
