#!/usr/bin/env python3
"""A stand-in for a remote Coder, for measuring the client alone at a given round trip.

On one machine the reference server and the client share the cores, so a benchmark of a
remote deployment measures both programs' CPU, not the client's handling of latency. This
responder answers the client's requests each `--delay` milliseconds after it has read them,
from answers the real reference server (`--upstream`) gave, at almost no CPU of its own:

- record (the start): every request goes to the upstream server; the answers to GETs are kept;
- replay (after `POST /__replay`): a kept GET answer is sent again; a workspace create is
  answered with the upstream's answer to the first create, given a new id and the requested
  name; an ACL patch is answered 204 (what Coder answers). Anything else goes upstream.

So the measured run reads the upstream's real answers for the live state and gets Coder's
answers to its writes, while the upstream does no work for them.

    latency-responder.py --listen PORT --upstream http://127.0.0.1:PORT2 --delay 20
"""
import argparse
import asyncio
import json
import re
import sys
import urllib.error
import urllib.request
import uuid

CREATE = re.compile(r"^/api/v2/organizations/[^/]+/members/[^/]+/workspaces$")
ACL = re.compile(r"^/api/v2/workspaces/[^/]+/acl$")


class Responder:
    def __init__(self, upstream: str, delay: float):
        self.upstream = upstream
        self.delay = delay
        self.replaying = False
        self.kept: dict[str, tuple[int, bytes]] = {}
        self.created: asyncio.Future | None = None

    def forward(self, method: str, target: str, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:
        request = urllib.request.Request(self.upstream + target, data=body or None, method=method)
        for name in ("coder-session-token", "content-type", "authorization"):
            if name in headers:
                request.add_header(name, headers[name])
        try:
            with urllib.request.urlopen(request, timeout=30) as reply:
                return reply.status, reply.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    async def upstream_answer(self, method, target, headers, body):
        return await asyncio.get_running_loop().run_in_executor(None, self.forward, method, target, headers, body)

    async def answer(self, method: str, target: str, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:
        if method == "POST" and target == "/__replay":
            self.replaying = True
            return 204, b""
        if not self.replaying:
            status, payload = await self.upstream_answer(method, target, headers, body)
            if method == "GET" and status == 200:
                self.kept[target] = (status, payload)
            return status, payload
        if method == "GET" and target in self.kept:
            return self.kept[target]
        path = target.split("?", 1)[0]
        if method == "POST" and CREATE.match(path):
            return await self.create(target, headers, body)
        if method == "PATCH" and ACL.match(path):
            return 204, b""
        return await self.upstream_answer(method, target, headers, body)

    async def create(self, target, headers, body):
        if self.created is None:
            self.created = asyncio.get_running_loop().create_future()
            status, payload = await self.upstream_answer("POST", target, headers, body)
            self.created.set_result((status, payload))
            return status, payload
        status, payload = await self.created
        if status not in (200, 201):
            return status, payload
        workspace = json.loads(payload)
        workspace["id"] = str(uuid.uuid4())
        workspace["name"] = json.loads(body).get("name", workspace["name"])
        return status, json.dumps(workspace).encode()

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, target, _ = lines[0].split(" ", 2)
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        name, value = line.split(":", 1)
                        headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                answered = asyncio.get_running_loop().time() + self.delay
                status, payload = await self.answer(method, target, headers, body)
                await asyncio.sleep(max(0.0, answered - asyncio.get_running_loop().time()))
                writer.write(
                    f"HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {len(payload)}\r\n\r\n".encode()
                    + payload)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--listen", type=int, required=True)
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--delay", type=float, default=20, help="milliseconds")
    arguments = parser.parse_args()
    responder = Responder(arguments.upstream.rstrip("/"), arguments.delay / 1000)
    server = await asyncio.start_server(responder.serve, "127.0.0.1", arguments.listen, backlog=1024)
    print(f"listening on {arguments.listen}", file=sys.stderr, flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
