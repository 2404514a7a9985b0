#!/usr/bin/env python3
"""Validate HSDS API responses against the HSDS 3.1 schemas and the openapi.json Page.

Usage: validate_hsds_api.py SCHEMA_DIR RESPONSES.json
RESPONSES.json is a list of {"path": ..., "schema": "service" | ..., "page": bool, "body": ...}.
The spec's response $refs point at compiled schemas (compiled/service.json, service_list.json …)
that the 3.1 repository does not ship; the modular schemas they are compiled from are used.
Prints one line per error and exits 1 if any.
"""
import json
import sys
from pathlib import Path

import jsonschema

from validate_hsds import record_validator, schema_registry


def main() -> int:
    schema_dir, path = Path(sys.argv[1]), Path(sys.argv[2])
    registry = schema_registry(schema_dir)
    page_schema = json.loads((schema_dir / "openapi.json").read_text())["components"]["schemas"]["Page"]
    page = jsonschema.Draft202012Validator(page_schema)

    def validator(name):
        return record_validator(registry, name)

    bad = checked = 0
    for case in json.loads(path.read_text()):
        v = validator(case["schema"])
        items = [case["body"]]
        if case["page"]:
            for error in page.iter_errors(case["body"]):
                bad += 1
                print(f"{case['path']}: page: {error.message}")
            items = case["body"].get("contents", [])
        for item in items:
            checked += 1
            for error in v.iter_errors(item):
                bad += 1
                where = "/".join(str(p) for p in error.absolute_path)
                print(f"{case['path']}: {item.get('id')}: {where}: {error.message}")
    print(f"{checked} records checked, {bad} errors")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
