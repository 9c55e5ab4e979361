#!/usr/bin/env python3
"""A misbehaving HTTP server on loopback, for the client's fault tests.

  fault-server.py hang                  accepts, reads the request, never answers
  fault-server.py status CODE [HEADER]  answers every request with CODE and an optional
                                        `Name: value` header (Retry-After, say)
  fault-server.py hostile               answers every request 400 with a message made to attack
                                        a terminal and a CI log: escape sequences, a terminal
                                        title, BEL, newlines that start workflow commands, 1 MB

Prints `listening on PORT` to stdout when ready and, to stderr, one line per request seen.
Stops after --lifetime seconds (default 120) so that a test that fails cannot leave it behind.
"""
import json
import os
import socket
import sys
import threading
import time


HOSTILE = json.dumps({
    "message": "bad\x1b[2J\x1b]0;pwned\x07\nwhat\n::error file=x.yaml,line=1::injected\n::set-output name=a::b",
    "detail": "::warning::" + "A" * (1 << 20),
    "validations": [{"field": "\x1b[31mred", "detail": "\r\n::add-mask::x"}],
}).encode()


def serve(connection, mode, code, header):
    connection.settimeout(300)
    buffer = b""
    try:
        while True:
            chunk = connection.recv(65536)
            if not chunk:
                return
            buffer += chunk
            while b"\r\n\r\n" in buffer:
                head, buffer = buffer.split(b"\r\n\r\n", 1)
                lines = head.decode("latin-1").split("\r\n")
                length = 0
                for line in lines[1:]:
                    name, _, value = line.partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value.strip())
                while len(buffer) < length:
                    buffer += connection.recv(65536)
                buffer = buffer[length:]
                sys.stderr.write(f"request {lines[0]}\n")
                sys.stderr.flush()
                if mode == "hang":
                    continue
                body = HOSTILE if mode == "hostile" else b'{"message":"fault server"}'
                extra = f"{header}\r\n" if header else ""
                connection.sendall(
                    f"HTTP/1.1 {code or 400} Fault\r\nContent-Type: application/json\r\n{extra}"
                    f"Content-Length: {len(body)}\r\n\r\n".encode("latin-1") + body)
    except OSError:
        return
    finally:
        if mode != "hang":
            connection.close()


def main():
    args = sys.argv[1:]
    lifetime = 120.0
    if "--lifetime" in args:
        index = args.index("--lifetime")
        lifetime = float(args[index + 1])
        del args[index:index + 2]
    mode = args[0]
    code = int(args[1]) if mode == "status" else 0
    header = args[2] if mode == "status" and len(args) > 2 else ""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    print(f"listening on {listener.getsockname()[1]}", flush=True)
    threading.Timer(lifetime, lambda: os._exit(0)).start()
    listener.settimeout(0.5)
    started = time.monotonic()
    held = []
    while time.monotonic() - started < lifetime:
        try:
            connection, _ = listener.accept()
        except socket.timeout:
            continue
        held.append(connection)
        threading.Thread(target=serve, args=(connection, mode, code, header), daemon=True).start()


if __name__ == "__main__":
    main()
