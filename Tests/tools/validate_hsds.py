#!/usr/bin/env python3
"""Validate HSDS 3.1 service JSON (a JSON array, or NDJSON) against the HSDS JSON schemas.

Usage: validate_hsds.py SCHEMA_DIR FILE
Prints one line per invalid service (its id, the failing path and the message) and exits 1 if any
service is invalid, 0 otherwise. Relative $refs ("phone.json") resolve inside SCHEMA_DIR.
"""
import json
import sys
from pathlib import Path

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012


def schema_registry(schema_dir: Path) -> Registry:
    """The record schemas of SCHEMA_DIR, so that relative $refs ("phone.json") resolve among them."""
    resources = []
    for f in schema_dir.glob("*.json"):
        doc = json.loads(f.read_text())
        if "properties" not in doc:
            continue
        doc.pop("$id", None)
        resources.append((f.name, Resource.from_contents(doc, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


def record_validator(registry: Registry, name: str) -> jsonschema.Draft202012Validator:
    """A validator of one record type ("service", "organization" …), formats checked."""
    return jsonschema.Draft202012Validator(registry.contents(name + ".json"), registry=registry,
                                           format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def main() -> int:
    schema_dir, path = Path(sys.argv[1]), Path(sys.argv[2])
    validator = record_validator(schema_registry(schema_dir), "service")
    text = path.read_text()
    services = json.loads(text) if text.lstrip().startswith("[") else [json.loads(l) for l in text.splitlines() if l.strip()]
    bad = 0
    for service in services:
        for error in validator.iter_errors(service):
            bad += 1
            where = "/".join(str(p) for p in error.absolute_path)
            print(f"service {service.get('id')}: {where}: {error.message}")
    print(f"{len(services)} services checked, {bad} errors")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
