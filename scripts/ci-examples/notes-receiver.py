#!/usr/bin/env python3
"""GitLab's merge-request notes API on loopback, for running examples/ci/gitlab-ci.yml's
access-diff job: `GET`, `POST` and `PUT .../merge_requests/IID/notes[/ID]`, the private token
required; `GET /__notes` answers what it holds. Prints `listening on PORT`; stops after --lifetime
seconds (default 120) so that a failed test cannot leave it behind.
"""
import json
import os
import re
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NOTES = re.compile(r"^/projects/\d+/merge_requests/\d+/notes(?:/(\d+))?$")
notes = []
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, value):
        body = json.dumps(value).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def route(self):
        path = urllib.parse.urlparse(self.path).path
        if path == "/__notes":
            return None, None
        if self.headers.get("PRIVATE-TOKEN") != "note-token":
            self.answer(401, {"message": "401 Unauthorized"})
            return False, None
        match = NOTES.match(path)
        if not match:
            self.answer(404, {"message": "404 Not Found"})
            return False, None
        return True, match.group(1)

    def body(self):
        length = int(self.headers.get("Content-Length", "0"))
        form = urllib.parse.parse_qs(self.rfile.read(length).decode())
        return form.get("body", [""])[0]

    def do_GET(self):
        ok, _ = self.route()
        if ok is None:
            with lock:
                return self.answer(200, notes)
        if ok:
            with lock:
                self.answer(200, list(reversed(notes)))

    def do_POST(self):
        ok, _ = self.route()
        if ok:
            with lock:
                notes.append({"id": len(notes) + 1, "body": self.body()})
                self.answer(201, notes[-1])

    def do_PUT(self):
        ok, identifier = self.route()
        if ok:
            with lock:
                for note in notes:
                    if str(note["id"]) == identifier:
                        note["body"] = self.body()
                        return self.answer(200, note)
            self.answer(404, {"message": "404 Note Not Found"})


def main():
    lifetime = float(sys.argv[sys.argv.index("--lifetime") + 1]) if "--lifetime" in sys.argv else 120.0
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(f"listening on {server.server_address[1]}", flush=True)
    threading.Timer(lifetime, lambda: os._exit(0)).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
