#!/usr/bin/env python3
"""Writes Sources/DirectoryGenerator/Internal/MetroTable.swift from the shared US ZIP code table.

Usage: scripts/generate-metro-table.py /work/shared/data/us-zipcodes/us-zipcodes.csv > Sources/DirectoryGenerator/Internal/MetroTable.swift

Only ZIPs of cities whose county we name below are kept, so every generated address has a true county
(a city that spans counties gets its main one). The ZIP data is CC BY-SA 2.0, copyright 2004 CivicSpace Labs, Inc.
"""
import csv, math, sys

# name, center, radius km, area codes, weight, {(city, state): county}
METROS = [
    ("Omaha-Council Bluffs", 41.2565, -95.9345, 30, ["402", "531", "712"], 3, {
        ("Omaha", "NE"): "Douglas", ("Boys Town", "NE"): "Douglas", ("Bennington", "NE"): "Douglas",
        ("Elkhorn", "NE"): "Douglas", ("Valley", "NE"): "Douglas", ("Bellevue", "NE"): "Sarpy",
        ("Papillion", "NE"): "Sarpy", ("La Vista", "NE"): "Sarpy", ("Gretna", "NE"): "Sarpy",
        ("Offutt A F B", "NE"): "Sarpy", ("Council Bluffs", "IA"): "Pottawattamie",
        ("Carter Lake", "IA"): "Pottawattamie", ("Crescent", "IA"): "Pottawattamie"}),
    ("Des Moines", 41.5868, -93.6250, 20, ["515"], 2, {
        ("Des Moines", "IA"): "Polk", ("West Des Moines", "IA"): "Polk", ("Ankeny", "IA"): "Polk",
        ("Urbandale", "IA"): "Polk", ("Altoona", "IA"): "Polk", ("Johnston", "IA"): "Polk", ("Clive", "IA"): "Polk"}),
    ("Kansas City", 39.0997, -94.5786, 25, ["816", "913"], 3, {
        ("Kansas City", "MO"): "Jackson", ("Independence", "MO"): "Jackson", ("Lees Summit", "MO"): "Jackson",
        ("Grandview", "MO"): "Jackson", ("Blue Springs", "MO"): "Jackson", ("Raytown", "MO"): "Jackson",
        ("Kansas City", "KS"): "Wyandotte", ("Shawnee Mission", "KS"): "Johnson", ("Overland Park", "KS"): "Johnson",
        ("Olathe", "KS"): "Johnson"}),
    ("Minneapolis-Saint Paul", 44.9778, -93.2650, 25, ["612", "651"], 4, {
        ("Minneapolis", "MN"): "Hennepin", ("Saint Paul", "MN"): "Ramsey", ("Eden Prairie", "MN"): "Hennepin",
        ("Hopkins", "MN"): "Hennepin", ("Osseo", "MN"): "Hennepin", ("South Saint Paul", "MN"): "Dakota"}),
    ("Denver", 39.7392, -104.9903, 25, ["303", "720"], 4, {
        ("Denver", "CO"): "Denver", ("Aurora", "CO"): "Arapahoe", ("Littleton", "CO"): "Arapahoe",
        ("Englewood", "CO"): "Arapahoe", ("Arvada", "CO"): "Jefferson", ("Wheat Ridge", "CO"): "Jefferson",
        ("Westminster", "CO"): "Adams", ("Commerce City", "CO"): "Adams"}),
    ("Chicago", 41.8781, -87.6298, 25, ["312", "773", "872"], 8, {
        (c, "IL"): "Cook" for c in ["Chicago", "Evanston", "Oak Park", "Skokie", "Oak Lawn", "Palatine",
                                    "Melrose Park", "River Forest", "Schaumburg", "Arlington Heights", "Cicero"]}),
    ("Houston", 29.7604, -95.3698, 25, ["713", "832", "281"], 7, {
        (c, "TX"): "Harris" for c in ["Houston", "Pasadena", "Humble", "Bellaire", "Spring"]}),
    ("Atlanta", 33.7490, -84.3880, 25, ["404", "678", "770"], 6, {
        ("Atlanta", "GA"): "Fulton", ("Alpharetta", "GA"): "Fulton", ("Decatur", "GA"): "DeKalb",
        ("Stone Mountain", "GA"): "DeKalb", ("Clarkston", "GA"): "DeKalb", ("Marietta", "GA"): "Cobb",
        ("Smyrna", "GA"): "Cobb"}),
    ("Phoenix", 33.4484, -112.0740, 25, ["602", "480", "623"], 6, {
        (c, "AZ"): "Maricopa" for c in ["Phoenix", "Scottsdale", "Glendale", "Mesa", "Tempe", "Peoria", "Chandler", "Gilbert"]}),
    ("Seattle", 47.6062, -122.3321, 25, ["206", "425"], 5, {
        (c, "WA"): "King" for c in ["Seattle", "Bellevue", "Renton", "Kirkland", "Redmond", "Kent", "Issaquah", "Sammamish"]}),
    ("Milwaukee", 43.0389, -87.9065, 25, ["414", "262"], 3, {
        ("Milwaukee", "WI"): "Milwaukee", ("Cudahy", "WI"): "Milwaukee", ("Greendale", "WI"): "Milwaukee",
        ("Brookfield", "WI"): "Waukesha", ("New Berlin", "WI"): "Waukesha", ("Menomonee Falls", "WI"): "Waukesha"}),
    ("Salt Lake City", 40.7608, -111.8910, 25, ["801", "385"], 3, {
        ("Salt Lake City", "UT"): "Salt Lake", ("Sandy", "UT"): "Salt Lake", ("West Jordan", "UT"): "Salt Lake",
        ("Midvale", "UT"): "Salt Lake", ("South Jordan", "UT"): "Salt Lake", ("Magna", "UT"): "Salt Lake",
        ("Bountiful", "UT"): "Davis", ("Centerville", "UT"): "Davis", ("Woods Cross", "UT"): "Davis",
        ("North Salt Lake", "UT"): "Davis"}),
]


PRELUDE = r'''extension Metro {
    /// Every metro the generator knows, the Omaha-Council Bluffs metro first.
    ///
    /// Kept as text and read once: a literal of some thousand nested initializer calls costs the
    /// Swift type checker minutes and gigabytes; text costs nothing to compile.
    static let table: [Metro] = metroTableText.split(separator: "\n\n").map { Metro(block: String($0)) }

    /// A block per metro: `name|latitude|longitude|radius km|area codes|weight`, then one line per ZIP:
    /// `zip|city|state|county|latitude|longitude|UTC offset|observes DST (1/0)`.
    init(block: String) {
        let lines = block.split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
        let head = lines[0]
        self.init(
            name: head[0], center: Coordinate(latitude: Double(head[1])!, longitude: Double(head[2])!),
            radiusKilometers: Double(head[3])!, areaCodes: head[4].split(separator: ",").map(String.init),
            weight: Int(head[5])!,
            zipCodes: lines.dropFirst().map { f in
                ZIPPoint(f[0], f[1], f[2], county: f[3], Double(f[4])!, Double(f[5])!, utcOffset: Int(f[6])!, observesDST: f[7] == "1")
            })
    }
}

private let metroTableText = """'''


def km(lat1, lon1, lat2, lon2):
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6371 * math.hypot(x, y)


def main(path):
    rows = list(csv.DictReader(open(path, newline="")))
    out = []
    out.append("// Generated by scripts/generate-metro-table.py; do not edit by hand.")
    out.append("//")
    out.append("// ZIP codes, cities, states, points and UTC offsets from the CivicSpace Labs ZIP code database (2004),")
    out.append("// as shipped in the PyPI package pyzipcode 3.0.1. License: Creative Commons Attribution-ShareAlike 2.0,")
    out.append("// copyright 2004 CivicSpace Labs, Inc. Counties and area codes are ours (the main county of each city).")
    out.append("")
    out.append("import SwitchboardCore")
    out.append("")
    out.append(PRELUDE)
    blocks = []
    for name, lat, lon, radius, area_codes, weight, counties in METROS:
        zips = []
        for r in rows:
            key = (r["city"], r["state"])
            if key not in counties:
                continue
            zlat, zlon = float(r["latitude"]), float(r["longitude"])
            if km(lat, lon, zlat, zlon) > radius:
                continue
            zips.append((r["zip"], r["city"], r["state"], counties[key], zlat, zlon, int(r["timezone"]), r["dst"] == "1"))
        zips.sort()
        assert len(zips) >= 10, name
        head = "|".join([name, str(lat), str(lon), str(radius), ",".join(area_codes), str(weight)])
        lines = ["|".join([z[0], z[1], z[2], z[3], str(z[4]), str(z[5]), str(z[6]), "1" if z[7] else "0"]) for z in zips]
        blocks.append(head + "\n" + "\n".join(lines))
    out.append("\n\n".join(blocks))
    out.append('"""')
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/us-zipcodes/us-zipcodes.csv")
