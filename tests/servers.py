"""Real SPARQL servers on 127.0.0.1 for the endpoint tests and benchmarks: Virtuoso, Oxigraph.

Each starts on free ports in a fresh folder of its own, waits a bounded time until it
answers, and is killed when its `with` block ends, however it ends. `cutting_proxy` stands
in front of one and hangs up on a chosen update request, as a failing network does.
"""

from __future__ import annotations

import base64
import http.client
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = {dir}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = {max_rows}
"""
USER = "kg"
"""The SQL user the tests push as, with the SPARQL_UPDATE role (never dba)."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def virtuoso_binary() -> str | None:
    return shutil.which("virtuoso-t")


def virtuoso_version() -> str:
    binary = virtuoso_binary() or "virtuoso-t"
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30)
    text = out.stdout + out.stderr
    return next((line for line in text.splitlines() if line.startswith("Version")), text.strip())


@dataclass(frozen=True)
class Virtuoso:
    base: str  # http://127.0.0.1:PORT
    password: str  # of USER
    sql: str  # 127.0.0.1:PORT of the SQL server, for `isql`
    dba_password: str  # for the bulk loader (ld_dir, rdf_loader_run), which needs dba

    @property
    def sparql(self) -> str:
        """Anonymous, read-only."""
        return f"{self.base}/sparql"

    @property
    def sparql_auth(self) -> str:
        """Queries and updates, with Digest authentication."""
        return f"{self.base}/sparql-auth"

    @property
    def gsp_auth(self) -> str:
        """The Graph Store Protocol, with Digest authentication."""
        return f"{self.base}/sparql-graph-crud-auth"


def _wait(url: str, process: subprocess.Popen[bytes], seconds: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                raise RuntimeError(f"{what} did not start within {seconds} s:\n{tail}") from None
            time.sleep(0.2)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


def isql(address: str, user: str, password: str, sql: str, *, timeout: float | None) -> str:
    """Run SQL statements on Virtuoso through isql; its output. RuntimeError on an error."""
    binary = shutil.which("isql-vt") or shutil.which("isql") or "isql-vt"
    done = subprocess.run(
        [binary, address, user, password, f"exec={sql}"],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0 or "Error" in done.stdout + done.stderr:
        raise RuntimeError(f"isql on {address} failed: {done.stdout}{done.stderr}")
    return done.stdout


@contextmanager
def virtuoso(folder: Path, *, max_rows: int = 10_000, buffers: int = 10_000) -> Iterator[Virtuoso]:
    """A fresh Virtuoso in `folder`: anonymous queries at /sparql, and a user USER with a
    random password allowed SPARQL updates at /sparql-auth; dba's password is random too."""
    binary = virtuoso_binary()
    if binary is None:
        raise FileNotFoundError("virtuoso-t (apt-get install virtuoso-opensource)")
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(
        VIRTUOSO_INI.format(
            dir=folder,
            sql_port=sql_port,
            http_port=http_port,
            max_rows=max_rows,
            buffers=buffers,
            dirty=buffers * 3 // 4,
        )
    )
    log = folder / "virtuoso.out"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [binary, "+foreground", "+configfile", "virtuoso.ini"],
            cwd=folder,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        base = f"http://127.0.0.1:{http_port}"
        _wait(f"{base}/sparql?query=ASK%7B%7D", process, 60, "virtuoso", log)
        password, dba = secrets.token_hex(8), secrets.token_hex(8)
        sql = (
            f"DB.DBA.USER_CREATE('{USER}', '{password}'); GRANT SPARQL_UPDATE TO \"{USER}\"; "
            f"USER_SET_PASSWORD('dba', '{dba}');"
        )
        isql(f"127.0.0.1:{sql_port}", "dba", "dba", sql, timeout=60)
        yield Virtuoso(base, password, f"127.0.0.1:{sql_port}", dba)
    finally:
        _stop(process)


@contextmanager
def oxigraph(folder: Path, *, union_default_graph: bool = False) -> Iterator[str]:
    """An Oxigraph server storing in `folder`; yields its base URL (…/query, …/update, …/store)."""
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(binary).exists():
        raise FileNotFoundError("the oxigraph server binary (pip install oxigraph)")
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    args = [binary, "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"]
    if union_default_graph:
        args.append("--union-default-graph")
    log = folder / "oxigraph.out"
    with log.open("wb") as out:
        process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait(f"{base}/sparql?query=ASK%7B%7D", process, 30, "oxigraph", log)
        yield base
    finally:
        _stop(process)


@dataclass
class Proxy:
    base: str  # http://127.0.0.1:PORT, standing for the server's base URL
    requests: list[str] = field(default_factory=list)
    """Every request that reached the proxy, as "METHOD /path?query"."""
    updates: list[str] = field(default_factory=list)
    """The SPARQL updates that reached the proxy, in order, the one it cut off included."""
    credentials: list[str | None] = field(default_factory=list)
    """The Authorization header of each request, in order (None: sent without)."""


def _update_text(content_type: str, body: bytes) -> str | None:
    kind = content_type.split(";")[0].strip()
    if kind == "application/sparql-update":
        return body.decode("utf-8", "replace")
    if kind == "application/x-www-form-urlencoded":
        return urllib.parse.parse_qs(body.decode("utf-8", "replace")).get("update", [None])[0]
    return None


@contextmanager
def cutting_proxy(
    upstream: str, *, cut_update: int | None = None, basic: tuple[str, str] | None = None
) -> Iterator[Proxy]:
    """An HTTP proxy to `upstream` that forwards every request, except that it closes the
    connection, unanswered and unforwarded, on the `cut_update`th SPARQL update (from 1);
    with `basic` (user, password) it asks for them by HTTP Basic, as many servers do."""
    target = urllib.parse.urlsplit(upstream)
    proxy = Proxy("")
    lock = threading.Lock()

    class Forward(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def _forward(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            update = _update_text(self.headers.get("Content-Type", ""), body)
            given = self.headers.get("Authorization")
            with lock:
                proxy.requests.append(f"{self.command} {self.path}")
                proxy.credentials.append(given)
            if basic and given != "Basic " + base64.b64encode(":".join(basic).encode()).decode():
                self.send_response(401, "Unauthorized")
                self.send_header("WWW-Authenticate", 'Basic realm="kg tests"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if update is not None:
                with lock:
                    proxy.updates.append(update)
                    cut = len(proxy.updates) == cut_update
                if cut:
                    self.close_connection = True
                    return
            headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
            connection = http.client.HTTPConnection(target.netloc, timeout=120)
            try:
                connection.request(self.command, self.path, body=body, headers=headers)
                answer = connection.getresponse()
                data = answer.read()
            finally:
                connection.close()
            self.send_response(answer.status, answer.reason)
            for name, value in answer.getheaders():
                if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = _forward

    server = ThreadingHTTPServer(("127.0.0.1", 0), Forward)
    proxy.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
