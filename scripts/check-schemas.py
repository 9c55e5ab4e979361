#!/usr/bin/env python3
"""Validates YAML documents against Atrium's JSON Schemas (draft 2020-12).

usage: check-schemas.py SCHEMAS_DIR FILE_OR_DIR...
Exits 0 when every document of every .yaml/.yml file validates against the schema of its kind,
1 otherwise (each failure printed as `file: kind: message`).
"""
import json
import pathlib
import sys

import jsonschema
import yaml


class Loader(yaml.SafeLoader):
    """Like YAML 1.2's core schema: timestamps stay strings, as Atrium reads them."""


Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def files(paths):
    for path in map(pathlib.Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml"))
        else:
            yield path


def main():
    schemas_dir = pathlib.Path(sys.argv[1])
    schemas = {}
    for path in schemas_dir.glob("*.schema.json"):
        schema = json.loads(path.read_text())
        jsonschema.Draft202012Validator.check_schema(schema)
        kind = schema.get("properties", {}).get("kind", {}).get("const")
        if kind is None:
            continue  # not a document schema (the plan's, say)
        schemas[kind] = jsonschema.Draft202012Validator(schema)
    failures = 0
    documents = 0
    for path in files(sys.argv[2:]):
        for document in yaml.load_all(path.read_text(), Loader=Loader):
            if document is None:
                continue
            documents += 1
            kind = document.get("kind") if isinstance(document, dict) else None
            validator = schemas.get(kind)
            if validator is None:
                print(f"{path}: unknown kind {kind!r}")
                failures += 1
                continue
            for error in validator.iter_errors(document):
                print(f"{path}: {kind}: {'/'.join(map(str, error.absolute_path))}: {error.message}")
                failures += 1
    print(f"{documents} documents checked against {len(schemas)} schemas, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
