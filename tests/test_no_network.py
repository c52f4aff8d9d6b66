"""Zero network: build, ask, graph and export run with every non-loopback connection refused.

Each command runs as a real subprocess whose ``sitecustomize`` (first on PYTHONPATH)
patches the socket module: any attempt to reach a non-loopback host — connect,
connect_ex, create_connection or a name lookup — is written to a log file and
fails with OSError. The test asserts that every command exited 0 and the log is
empty. Commands that this kg does not have yet (see ``kg --help``) are listed as
skipped; every command it has is required to pass.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]

GUARD = textwrap.dedent('''
    """Test guard (tests/test_no_network.py): refuse and record non-loopback connections."""
    import ipaddress
    import os
    import socket
    import sys

    _LOG = os.environ["KG_NETGUARD_LOG"]
    _LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback", ""}


    def _is_loopback(host):
        if host is None:
            return True
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        host = str(host).strip("[]").split("%")[0]
        if host.lower() in _LOCAL_NAMES:
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False


    def _refuse(what, target):
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{os.getpid()} {what} {target!r} argv={sys.argv!r}\\n")
        raise OSError(f"network disabled by the kg no-network test: {what} {target!r}")


    def _check_address(what, address):
        # AF_UNIX addresses are paths (str/bytes); AF_INET/AF_INET6 are (host, port, ...)
        if isinstance(address, tuple) and address and not _is_loopback(address[0]):
            _refuse(what, address)


    _connect = socket.socket.connect
    _connect_ex = socket.socket.connect_ex
    _create_connection = socket.create_connection
    _getaddrinfo = socket.getaddrinfo


    def connect(self, address):
        _check_address("socket.connect", address)
        return _connect(self, address)


    def connect_ex(self, address):
        _check_address("socket.connect_ex", address)
        return _connect_ex(self, address)


    def create_connection(address, *args, **kwargs):
        _check_address("socket.create_connection", address)
        return _create_connection(address, *args, **kwargs)


    def getaddrinfo(host, *args, **kwargs):
        if not _is_loopback(host):
            _refuse("socket.getaddrinfo", host)
        return _getaddrinfo(host, *args, **kwargs)


    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.create_connection = create_connection
    socket.getaddrinfo = getaddrinfo
''')


def kg_command() -> list[str]:
    """The installed ``kg`` script beside this Python, else the CLI module run by this Python."""
    script = Path(sys.executable).parent / "kg"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from kg.cli import main; sys.argv[0] = 'kg'; main()"]


@pytest.fixture
def guarded_env(tmp_path):
    """Environment for subprocesses with the socket guard installed; returns (env, log path)."""
    guard_dir = tmp_path / "guard"
    guard_dir.mkdir()
    (guard_dir / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    log = tmp_path / "network-attempts.log"
    log.write_text("", encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(guard_dir), str(PROJECT), *filter(None, [env.get("PYTHONPATH")])])
    env["KG_NETGUARD_LOG"] = str(log)
    env["KG_HOME"] = str(tmp_path / "home")
    env.pop("KG_DB", None)
    # a proxy variable must not make a library skip the guard by tunnelling elsewhere
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        env.pop(name, None)
    return env, log


def run(args, env, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, timeout=900)


def available_commands(env, cwd) -> set[str]:
    result = run([*kg_command(), "--help"], env, cwd)
    assert result.returncode == 0, result.stderr
    commands, listing = set(), False
    for line in result.stdout.splitlines():
        if line.strip() == "Commands:":
            listing = True
            continue
        if listing and line.startswith("  ") and line.strip():
            commands.add(line.split()[0])
    return commands


def test_guard_refuses_and_records(guarded_env, tmp_path):
    """The guard itself works: a real lookup and connect are refused and logged, loopback is not."""
    env, log = guarded_env
    probe = textwrap.dedent("""
        import socket
        refused = 0
        for attempt in (lambda: socket.getaddrinfo("example.org", 443),
                        lambda: socket.create_connection(("93.184.215.14", 80), timeout=2),
                        lambda: socket.socket().connect_ex(("8.8.8.8", 53))):
            try:
                attempt()
            except OSError:
                refused += 1
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        client = socket.create_connection(server.getsockname(), timeout=2)
        client.close(); server.close()
        print(refused)
    """)
    result = run([sys.executable, "-c", probe], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "3"
    attempts = log.read_text(encoding="utf-8").splitlines()
    assert [line.split()[1] for line in attempts] == [
        "socket.getaddrinfo", "socket.create_connection", "socket.connect_ex"]


def test_build_ask_graph_export_make_no_connection(guarded_env, tmp_path):
    env, log = guarded_env
    db = tmp_path / "kg.db"
    commands = available_commands(env, tmp_path)
    steps = [
        ("build", ["build", "--db", str(db), "--format", "json"]),
        ("ask", ["ask", "what models do face parsing?", "--db", str(db)]),
        ("graph", ["graph", "--db", str(db), "-o", str(tmp_path / "graph.html")]),
        ("export", ["export", "--db", str(db), "--format", "json", "-o", str(tmp_path / "export.json")]),
        ("export", ["export", "--db", str(db), "--around", "face parsing", "--format", "markdown",
                    "-o", str(tmp_path / "export.md")]),
    ]
    if "ask" in commands:
        steps.append(("export", ["export", "--db", str(db), "--question", "what models do face parsing?",
                                 "--format", "markdown", "-o", str(tmp_path / "answer.md")]))
    assert "build" in commands, "kg build is required"
    ran, skipped, failures = [], [], []
    for name, args in steps:
        if name not in commands:
            skipped.append(name)
            continue
        result = run([*kg_command(), *args], env, tmp_path)
        ran.append("kg " + " ".join(args).replace(str(tmp_path), "$TMP"))
        if result.returncode != 0:
            failures.append(f"kg {' '.join(args)} exited {result.returncode}:\n{result.stderr[-2000:]}")
        if name == "build" and result.returncode == 0:
            assert json.loads(result.stdout)["nodes"] > 0
    attempts = log.read_text(encoding="utf-8")
    assert attempts == "", f"network connections attempted by {ran} (not in this kg: {sorted(set(skipped))}):\n{attempts}"
    assert not failures, "\n\n".join(failures)
    assert (tmp_path / "graph.html").exists() or "graph" not in commands
    assert (tmp_path / "export.json").exists() or "export" not in commands
