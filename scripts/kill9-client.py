#!/usr/bin/env python3
"""The writer of scripts/fault-kill9.sh: patches workspace ACLs of `atrium serve` from four threads,
one new `use` grant a request, until the server stops answering (it is killed), and appends each
grant the server acknowledged (204) to ACKED as `WORKSPACE-ID USER-ID`, flushed at once. Round R
uses grants no earlier round used.

usage: kill9-client.py URL TOKEN ACKED ROUND
"""
import http.client
import json
import sys
import threading
import urllib.parse

url, token, acked_path, round_number = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
target = urllib.parse.urlsplit(url)
headers = {"Coder-Session-Token": token, "Content-Type": "application/json"}


def get(path):
    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
    connection.request("GET", "/api/v2" + path, headers=headers)
    body = connection.getresponse().read()
    connection.close()
    return json.loads(body)


workspaces = [w["id"] for w in get("/workspaces?limit=0")["workspaces"]]
users = [u["id"] for u in get("/users?limit=0")["users"]]
SLICE = 20000
lock = threading.Lock()
acked = open(acked_path, "a")
counter = iter(range(round_number * SLICE, (round_number + 1) * SLICE))


def writer():
    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=10)
    while True:
        with lock:
            k = next(counter, None)
        if k is None:
            return
        workspace, user = workspaces[k % len(workspaces)], users[(k // len(workspaces)) % len(users)]
        body = json.dumps({"user_roles": {user: "use"}})
        try:
            connection.request("PATCH", f"/api/v2/workspaces/{workspace}/acl", body=body, headers=headers)
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            return  # the server is gone
        if response.status == 204:
            with lock:
                acked.write(f"{workspace} {user}\n")
                acked.flush()


threads = [threading.Thread(target=writer) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
