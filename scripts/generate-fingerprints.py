#!/usr/bin/env python3
"""Writes Sources/DirectoryStore/Internal/Fingerprintable+Core.swift from the Core declarations.

Every stored property of every record type the store fingerprints is fed to the fingerprint, in
declaration order, except the ones a record's fingerprint takes apart (eligibility, provenance).
Run it after changing a Core record type; FingerprintTests fails until the file is current.
"""
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORE = ROOT / "Sources/SwitchboardCore"
OUT = ROOT / "Sources/DirectoryStore/Internal/Fingerprintable+Core.swift"

TYPES = [
    "Address", "Phone", "Schedule", "Language", "CostOption", "ServiceArea", "CapacityUnit", "ServiceCapacity",
    "Accessibility", "Contact", "RequiredDocument", "Funding", "WebLink", "OrganizationIdentifier", "ChangeNote",
    "Attribute", "Taxonomy", "TaxonomyTerm", "Organization", "Program", "Location", "ServiceAtLocation", "Service",
    "Coordinate", "ResidencyArea", "Eligibility",
]
# Fingerprinted apart by the store: eligibility in its canonical form, provenance without our stamps.
APART = {"eligibility", "provenance"}


def stored_properties(source: str, name: str) -> list[str]:
    start = re.search(rf"public struct {name}\b[^{{]*{{", source)
    assert start, name
    depth, index, body_start = 1, start.end(), start.end()
    while depth:
        depth += {"{": 1, "}": -1}.get(source[index], 0)
        index += 1
    body = source[body_start:index - 1]
    properties, level = [], 0
    for line in body.splitlines():
        if level == 0:
            match = re.match(r"\s*public var (`?\w+`?): [^{]+?(=.*)?$", line)
            if match:
                properties.append(match.group(1).strip("`"))
        level += line.count("{") - line.count("}")
    return properties


def main() -> None:
    source = "\n".join(path.read_text() for path in sorted(CORE.glob("*.swift")))
    lines = [
        "// Written by scripts/generate-fingerprints.py from the SwitchboardCore declarations: do not edit.",
        "// FingerprintTests checks that every stored property of these types is listed here.",
        "",
        "import SwitchboardCore",
        "",
    ]
    for name in TYPES:
        properties = stored_properties(source, name)
        fed = [p for p in properties if p not in APART]
        lines.append(f"extension {name}: Fingerprintable {{")
        listed = ", ".join(f'"{p}"' for p in properties)
        lines.append(f"    static let fingerprintedProperties: [String] = [{listed}]")
        lines.append("")
        lines.append("    func fingerprint(into writer: inout FingerprintWriter) {")
        for property in fed:
            escaped = f"`{property}`" if property in {"extension", "description", "count"} else property
            lines.append(f"        writer.add({'self.' + escaped if escaped.startswith('`') else escaped})")
        lines.append("    }")
        lines.append("}")
        lines.append("")
    OUT.write_text("\n".join(lines).rstrip() + "\n")


if __name__ == "__main__":
    main()
