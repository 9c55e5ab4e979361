#!/usr/bin/env python3
"""Hostile requests against a running `atrium serve` (raw sockets, so nothing is normalised on
the way): 16 request-smuggling framings, 17 SQL-injection payloads in searches, paths and JSON
bodies, and 11 path-traversal paths. Prints one line per payload, `PASS kind name` or
`FAIL kind name: why`, then the counts, and exits 1 when one failed.

What must hold: an ambiguous or malformed framing is refused or read as one request — the
request smuggled behind it is never answered; no payload is answered 5xx, widens a search, or
changes the users; no path reaches a file outside the API; the SQLite file (when DATABASE is
given) passes `PRAGMA integrity_check` afterwards.

usage: hostile-requests.py PORT ADMIN-TOKEN [DATABASE.sqlite]
"""
import json
import socket
import sqlite3
import sys
import urllib.parse

port, token = int(sys.argv[1]), sys.argv[2]
database = sys.argv[3] if len(sys.argv) > 3 else None
results = {"smuggling": [0, 0], "injection": [0, 0], "traversal": [0, 0]}


def exchange(data, wait=2.0):
    """Sends raw bytes; returns every status line and the bytes after the last header block."""
    connection = socket.create_connection(("127.0.0.1", port))
    connection.sendall(data)
    connection.settimeout(wait)
    received = b""
    try:
        while True:
            chunk = connection.recv(65536)
            if not chunk:
                break
            received += chunk
    except socket.timeout:
        pass
    connection.close()
    statuses = [line.decode() for line in received.split(b"\r\n") if line.startswith(b"HTTP/1.")]
    return statuses, received


def request(method, path, body=None):
    payload = b"" if body is None else json.dumps(body).encode()
    head = (f"{method} {path} HTTP/1.1\r\nHost: x\r\nCoder-Session-Token: {token}\r\nConnection: close\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n")
    statuses, received = exchange(head.encode() + payload, wait=5)
    status = int(statuses[0].split()[1]) if statuses else 0
    text = received.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in received else b""
    try:
        return status, json.loads(text)
    except ValueError:
        return status, text


def verdict(kind, name, problem):
    results[kind][0 if problem is None else 1] += 1
    print(f"PASS {kind} {name}" if problem is None else f"FAIL {kind} {name}: {problem}")


def smuggling():
    inner = f"GET /api/v2/users/me HTTP/1.1\r\nHost: x\r\nCoder-Session-Token: {token}\r\n\r\n"
    post = "POST /api/v2/buildinfo HTTP/1.1\r\nHost: x\r\n"
    variants = {
        "content-length and transfer-encoding": f"{post}Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n{inner}",
        "transfer-encoding and content-length": f"{post}Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n{inner}",
        "two content-lengths": f"{post}Content-Length: 0\r\nContent-Length: 44\r\n\r\n{inner}",
        "content-length list": f"{post}Content-Length: 0, 44\r\n\r\n{inner}",
        "content-length with a sign": f"{post}Content-Length: +0\r\n\r\n{inner}",
        "negative content-length": f"{post}Content-Length: -1\r\n\r\n{inner}",
        "transfer-encoding xchunked": f"{post}Transfer-Encoding: xchunked\r\nContent-Length: 0\r\n\r\n{inner}",
        "space before the colon": f"{post}Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n{inner}",
        "tab in transfer-encoding": f"{post}Transfer-Encoding:\tchunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n{inner}",
        "chunked then identity": f"{post}Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n{inner}",
        "two transfer-encodings": f"{post}Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\n{inner}",
        "transfer-encoding in HTTP/1.0": f"POST /api/v2/buildinfo HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n{inner}",
        "chunk size 0x5": f"{post}Transfer-Encoding: chunked\r\n\r\n0x5\r\n{inner}\r\n0\r\n\r\n",
        "bare LF line ends": f"GET /api/v2/buildinfo HTTP/1.1\nHost: x\nContent-Length: 0\n\n{inner}".replace("\r\n", "\n"),
        "folded content-length": f"{post}Content-Length:\r\n 44\r\n\r\n{inner}",
        "NUL in a header": f"{post}X-A: a\x00b\r\nContent-Length: 0\r\n\r\n{inner}",
    }
    for name, data in variants.items():
        statuses, received = exchange(data.encode())
        problem = None
        if len(statuses) != 1:
            problem = f"{len(statuses)} answers: {statuses}"
        elif b'"username"' in received:
            problem = "the smuggled request was answered"
        elif statuses[0].split()[1].startswith("5"):
            problem = statuses[0]
        verdict("smuggling", name, problem)


def injection():
    before = request("GET", "/api/v2/users?limit=0")[1].get("count")
    searches = [
        "' OR '1'='1", '" OR "1"="1', "'; DROP TABLE users; --", "%' OR '%'='", "\\' OR 1=1 #", "1) OR (1=1",
        "admin'--", "' UNION SELECT id, hashed_secret FROM api_keys --", "'||(SELECT sqlite_version())||'",
        "'; SELECT pg_sleep(5); --",
    ]
    for payload in searches:
        status, body = request("GET", "/api/v2/users?q=" + urllib.parse.quote(payload))
        count = body.get("count") if isinstance(body, dict) else None
        verdict("injection", f"users q={payload!r}",
                None if status == 200 and count == 0 else f"{status}, {count} users found")
    for payload in ["name:x' OR '1'='1", "owner:' OR 1=1 --"]:
        status, body = request("GET", "/api/v2/workspaces?q=" + urllib.parse.quote(payload))
        count = body.get("count") if isinstance(body, dict) else None
        verdict("injection", f"workspaces q={payload!r}",
                None if status in (200, 400) and not count else f"{status}, {count} workspaces found")
    for name, (method, path, body) in {
        "group name": ("POST", "/api/v2/organizations/default/groups", {"name": "g'; DROP TABLE users;--"}),
        "group display name": ("POST", "/api/v2/organizations/default/groups",
                               {"name": "injected", "display_name": "x'); DELETE FROM users; --"}),
        "user in a path": ("GET", "/api/v2/users/" + urllib.parse.quote("admin' OR '1'='1"), None),
        "workspace in a path": ("GET", "/api/v2/users/admin/workspace/" + urllib.parse.quote("x' OR 1=1 --"), None),
        "ACL id": ("PATCH", "/api/v2/workspaces/" + urllib.parse.quote("' OR 1=1 --") + "/acl",
                   {"user_roles": {"' OR 1=1 --": "use"}}),
    }.items():
        status, _ = request(method, path, body)
        verdict("injection", name, None if 200 <= status < 500 else f"answered {status}")
    after = request("GET", "/api/v2/users?limit=0")[1].get("count")
    if before != after:
        verdict("injection", "users unchanged", f"{before} users before, {after} after")


def traversal():
    paths = [
        "/api/v2/../../../../etc/passwd", "/../../../../etc/passwd", "/api/v2/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/api/v2/..%2f..%2f..%2fetc%2fpasswd", "/api/v2/%252e%252e/%252e%252e/etc/passwd",
        "/api/v2/users/..%5c..%5c..%5cetc%5cpasswd", "/api/v2/templates/....//....//etc/passwd",
        "/static/../../../../etc/passwd", "/api/v2/files/../../../../etc/passwd",
        "/api/v2/users/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "//etc/passwd",
    ]
    for path in paths:
        head = f"GET {path} HTTP/1.1\r\nHost: x\r\nCoder-Session-Token: {token}\r\nConnection: close\r\n\r\n"
        statuses, received = exchange(head.encode())
        status = statuses[0] if statuses else "no answer"
        problem = None
        if b"root:" in received:
            problem = "a file's content came back"
        elif not statuses or statuses[0].split()[1].startswith(("2", "5")):
            problem = status
        verdict("traversal", path, problem)


smuggling()
injection()
traversal()
if database:
    integrity = sqlite3.connect(database).execute("PRAGMA integrity_check").fetchone()[0]
    verdict("injection", "integrity_check", None if integrity == "ok" else integrity)
print(" ".join(f"{kind}: {passed} passed, {failed} failed;" for kind, (passed, failed) in results.items()))
sys.exit(1 if any(failed for _, failed in results.values()) else 0)
