#!/usr/bin/env python3
"""An HTTPS front on loopback for the bare-root test: TLS with the given certificate, `/git/...`
served by `git http-backend` (smart HTTP, from --git-root) and everything else passed to the
plain-HTTP server at --api. Prints its https:// URL on the first line of stdout, then serves
until killed.

usage: tls-front.py --cert PEM --key PEM [--api http://127.0.0.1:PORT] [--git-root DIR]
"""
import argparse
import http.client
import http.server
import os
import ssl
import subprocess
import sys
import urllib.parse

HOP = {"connection", "keep-alive", "transfer-encoding", "host", "proxy-connection", "upgrade"}


class Front(http.server.BaseHTTPRequestHandler):
    # One request per connection: each answer carries its length and the connection closes.
    protocol_version = "HTTP/1.0"
    options = None

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        sys.stderr.write("tls-front: %s\n" % (format % args))

    def body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def answer(self, status, headers, data):
        self.send_response(status)
        for name, value in headers:
            if name.lower() not in HOP and name.lower() != "content-length":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def handle_any(self):
        data = self.body()
        if self.options.git_root and self.path.startswith("/git/"):
            self.git(data)
        elif self.options.api:
            self.proxy(data)
        else:
            self.answer(404, [("Content-Type", "text/plain")], b"not found\n")

    def git(self, data):
        path, _, query = self.path[len("/git"):].partition("?")
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "GIT_PROJECT_ROOT": self.options.git_root,
            "GIT_HTTP_EXPORT_ALL": "1",
            "PATH_INFO": urllib.parse.unquote(path),
            "QUERY_STRING": query,
            "REQUEST_METHOD": self.command,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(data)),
            "REMOTE_ADDR": self.client_address[0],
            "GIT_PROTOCOL": self.headers.get("Git-Protocol", ""),
        }
        result = subprocess.run(["git", "http-backend"], input=data, env=env, capture_output=True, timeout=60)
        head, _, payload = result.stdout.partition(b"\r\n\r\n")
        if not _:
            head, _, payload = result.stdout.partition(b"\n\n")
        status, headers = 200, []
        for line in head.decode("latin-1").splitlines():
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = int(value.strip().split()[0])
            elif name:
                headers.append((name.strip(), value.strip()))
        self.answer(status, headers, payload)

    def proxy(self, data):
        target = urllib.parse.urlsplit(self.options.api)
        connection = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
        headers = {name: value for name, value in self.headers.items() if name.lower() not in HOP}
        connection.request(self.command, self.path, body=data or None, headers=headers)
        response = connection.getresponse()
        self.answer(response.status, response.getheaders(), response.read())
        connection.close()

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = handle_any


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--api")
    parser.add_argument("--git-root")
    Front.options = parser.parse_args()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Front)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(Front.options.cert, Front.options.key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print(f"https://127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
