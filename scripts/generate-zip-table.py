#!/usr/bin/env python3
"""Writes Directory/geography/zip-codes.txt, the ZIP table search and matching resolve ZIP codes with.

Input: the shared US ZIP code table (CivicSpace Labs, 2004, CC BY-SA 2.0; see
Directory/geography/SOURCE.md) and the counties the generator's metro table assigns
(Sources/DirectoryGenerator/Internal/MetroTable.swift), so "serves Douglas County" can be checked
for the ZIP codes of generated directories. Output: `zip|city|state|county|latitude|longitude|utc_offset`,
one line per ZIP code, sorted, points to five decimals (about a metre).

Usage: python3 scripts/generate-zip-table.py [/path/to/us-zipcodes.csv]
"""
import csv
import os
import re
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
source = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/us-zipcodes/us-zipcodes.csv"

counties = {}
with open(os.path.join(root, "Sources/DirectoryGenerator/Internal/MetroTable.swift")) as table:
    for line in table:
        fields = line.strip().split("|")
        if len(fields) == 8 and re.fullmatch(r"\d{5}", fields[0]):
            counties[fields[0]] = fields[3]

rows = []
with open(source) as handle:
    for row in csv.DictReader(handle):
        rows.append("|".join([
            row["zip"], row["city"], row["state"], counties.get(row["zip"], ""),
            f"{float(row['latitude']):.5f}", f"{float(row['longitude']):.5f}", str(int(float(row["timezone"]))),
        ]))

os.makedirs(os.path.join(root, "Directory/geography"), exist_ok=True)
with open(os.path.join(root, "Directory/geography/zip-codes.txt"), "w") as out:
    out.write("zip|city|state|county|latitude|longitude|utc_offset\n")
    out.write("\n".join(sorted(rows)) + "\n")
print(f"{len(rows)} ZIP codes, {len(counties)} with a county")
