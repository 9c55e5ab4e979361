#!/usr/bin/env python3
"""Makes the hostile repositories scripts/bench-hostile.sh feeds to `atrium validate`, one
folder each under DIR, each committed with git: what a careless or malicious commit could hold.

usage: gen-hostile-repos.py DIR
"""
import os
import subprocess
import sys

out = sys.argv[1]
HEAD = "apiVersion: atrium/v1\nkind: Workspace\nmetadata: {name: api, owner: maria}\nspec:\n  template: go-dev\n"


def git(repo, *arguments, stdin=None):
    return subprocess.run(["git", "-C", repo, *arguments], check=True, capture_output=True, input=stdin).stdout


def repo(name, files, extra=None, staged=None):
    path = os.path.join(out, name)
    subprocess.run(["rm", "-rf", path], check=True)
    os.makedirs(path)
    git(path, "init", "-q", "-b", "main")
    for file, content in files.items():
        full = os.path.join(path, file)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as handle:
            handle.write(content if isinstance(content, bytes) else content.encode())
    if extra:
        extra(path)
    git(path, "add", "-A")
    if staged:
        staged(path)
    git(path, "-c", "user.name=Mallory", "-c", "user.email=m@example.com", "commit", "-q", "-m", name)


laughs = ["a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
for level in range(1, 10):
    laughs.append(f"{chr(97 + level)}: &{chr(97 + level)} [" + ",".join([f"*{chr(96 + level)}"] * 9) + "]")
repo("alias-bomb", {"bomb.yaml": "\n".join(laughs) + "\n"})
repo("deep-nesting", {"deep.yaml": "a: " + "[" * 100_000 + "]" * 100_000 + "\n"})
repo("oversized-file", {"big.yaml": b"# " + b"a" * (50 << 20) + b"\n"})
repo("duplicate-keys", {"twice.yaml": HEAD + "  sharing: {users: {bob: use}}\n  sharing: {users: {mallory: admin}}\n"})
repo("too-many-nodes", {"nodes.yaml": "list: [" + ",".join(["1"] * 300_000) + "]\n"})
repo("too-much-in-all", {f"part-{i:03d}.yaml": b"# " + b"b" * ((1 << 20) - 10) + b"\n" for i in range(300)})
repo("symlink-out", {}, extra=lambda path: os.symlink("/etc/passwd", os.path.join(path, "passwd.yaml")))
repo("submodule", {"state.yaml": HEAD}, staged=lambda path: git(
    path, "update-index", "--add", "--cacheinfo", "160000,1111111111111111111111111111111111111111,vendor"))
repo("lfs-pointer", {"state.yaml": "version https://git-lfs.github.com/spec/v1\noid sha256:" + "0" * 64 + "\nsize 1\n"})
repo("binary-content", {"state.yaml": b"apiVersion: atrium/v1\x00\x01\x02\xff\xfe" * 1000})
repo("language-tags", {"tags.yaml": HEAD + "  parameters: !!python/object/apply:os.system [\"id\"]\n"})
print(f"{out}: 11 hostile repositories")
