#!/usr/bin/env python3
"""The evaluation's judge: an independent reading of the demo directory, written from the rules
of issue 4, not from the matcher's code, that turns each scenario's criteria into judgments.

For every scenario in scenarios.py and every judged need it writes, into
Fixtures/evaluation/scenarios/NN-name.json:
  relevant     service id -> grade (services not listed are grade 0). 1: answers the need (its own taxonomy code is the need's code
               or below it; or it is in the need's domain), is active, has a site within the
               client's travel distance, and no eligibility rule known on both sides excludes
               the client. 2: also meets the scenario's "ideal" test (the client's language, a
               free bed, the client's population ...), which is what a case manager would
               choose first. A service whose name says it is for someone else ("Men's",
               "Youth", "Veterans" for a client who is not) is grade 0 whatever its rules say.
  must_appear  the two grade-2 services nearest the client whose every rule is known and met,
               that list a language the client speaks (or none), and, for an urgent need, did
               not report zero openings: the matcher must list them in its top 10.
  never        the services nearest the client that answer the need but break a hard rule
               (wrong gender, age outside the range, income above the limit, living outside
               the service area, inactive, beyond the travel distance): they must not appear
               anywhere in the matcher's ranking.
The reasons ("why") are written by hand in scenarios.py.

Usage: python3 Fixtures/evaluation/tools/oracle.py
"""
import json
import math
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
sys.path.insert(0, HERE)
from scenarios import SCENARIOS  # noqa: E402

# Domains by AIRS prefix, longest first (Directory/domains.json says the same for these codes).
DOMAINS = json.load(open(os.path.join(ROOT, "Directory/domains.json")))["airs"]
DOMAINS.sort(key=lambda r: -len(r["prefix"]))
POVERTY = json.load(open(os.path.join(ROOT, "Directory/poverty-guidelines.json")))

ZIPS = {}
for line in open(os.path.join(ROOT, "Directory/geography/zip-codes.txt")).read().splitlines()[1:]:
    z, city, state, county, lat, lon, tz = line.split("|")
    ZIPS[z] = dict(city=city, state=state, county=county or None, lat=float(lat), lon=float(lon))


def miles(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 3958.8 * math.asin(min(1, math.sqrt(h)))


def domain_of(code):
    if code.startswith("Y"):
        return None
    for rule in DOMAINS:
        if code.startswith(rule["prefix"]):
            return rule["domain"]
    return None


def within(code, need):
    return code == need or code.startswith(need + "-") or code.startswith(need + ".") or (len(need) <= 2 and code.startswith(need))


class Service:
    def __init__(self, d):
        self.id = d["id"]
        self.name = d["name"].strip()
        self.org = d["organization"]["name"].strip()
        self.status = d["status"].lower()
        self.codes = []
        self.rules = {}
        for a in d.get("attributes") or []:
            code = a["taxonomy_term"].get("code") or ""
            if re.match(r"^[A-Z]{1,2}(-|$)", code):
                self.codes.append(code)
            elif code.startswith("eligibility-"):
                self.rules.setdefault(code[len("eligibility-"):], []).append(a.get("value"))
        self.points = [(s["location"]["latitude"], s["location"]["longitude"]) for s in d.get("service_at_locations") or []
                       if s["location"].get("latitude") is not None]
        self.areas = [a.get("name") or "" for a in d.get("service_areas") or []]
        self.languages = [(l.get("code") or "").lower() for l in d.get("languages") or []]
        self.capacity = sum(c.get("available", 0) for c in d.get("capacities") or [])
        self.has_capacity_count = bool(d.get("capacities"))
        self.free = any(c.get("amount") == 0 or (c.get("option") or "").lower() == "free" for c in d.get("cost_options") or [])
        self.unparsed = bool(re.search(r"referred by a caseworker|photo ID|intake appointment|eviction notice|facing eviction|Residents of|Immigrants|area median|Uninsured|reproductive|enrolled in Medicaid|first-time|past-due|earning|Anyone in crisis|Everyone welcome", d.get("eligibility_description") or ""))
        self.populations = set(self.rules.get("population", []))

    def domains(self):
        return {domain_of(c) for c in self.codes if domain_of(c)} or {"other"}


def area_covers(name, client):
    """True, False, or None (cannot tell) for one service-area name."""
    if client["point"] is None:
        return None
    m = re.match(r"^ZIP (\d{5})$", name)
    if m:
        return m.group(1) == client.get("zip")
    m = re.match(r"^Within (\d+(?:\.\d+)?) miles of (-?[\d.]+),(-?[\d.]+)$", name)
    if m:
        return miles((float(m.group(2)), float(m.group(3))), client["point"]) <= float(m.group(1))
    m = re.match(r"^(.+) County, ([A-Z]{2})$", name)
    if m:
        if client.get("county") is None:
            return None
        return m.group(1) == client["county"] and m.group(2) == client["state"]
    m = re.match(r"^(.+), ([A-Z]{2})$", name)
    if m:
        return m.group(1) == client["city"] and m.group(2) == client["state"]
    if re.match(r"^[A-Z]{2}$", name):
        return name == client["state"]
    return None


def judge_service(s, client, profile):
    """(violations, unknowns) for one service and one client."""
    bad, unknown = [], []
    age, gender = profile.get("age"), profile.get("gender")
    lo = float(s.rules["minimum-age"][0]) if "minimum-age" in s.rules else None
    hi = float(s.rules["maximum-age"][0]) if "maximum-age" in s.rules else None
    if lo is not None or hi is not None:
        if age is None:
            unknown.append("age")
        elif (lo is not None and age < lo) or (hi is not None and age >= hi + 1):
            bad.append(f"age {lo}-{hi}, client {age}")
    if "gender" in s.rules:
        if gender is None:
            unknown.append("gender")
        elif gender not in s.rules["gender"]:
            bad.append(f"{'/'.join(s.rules['gender'])} only")
    if "income-limit-percent-fpl" in s.rules:
        limit = int(s.rules["income-limit-percent-fpl"][0])
        if client.get("percent") is None:
            unknown.append("income")
        elif client["percent"] > limit:
            bad.append(f"income limit {limit}%, client {client['percent']}%")
    if s.areas:
        answers = [area_covers(a, client) for a in s.areas]
        if True in answers:
            pass
        elif None in answers:
            unknown.append("residency")
        else:
            bad.append("lives outside " + "; ".join(s.areas))
    if s.populations and not (s.populations & set(client["populations"])):
        unknown.append("population")
    if s.unparsed:
        unknown.append("requirement")
    return bad, unknown


def misnamed(s, profile, client):
    """A service whose name says it is for someone else ("Men's ...", "Youth ...", "Veterans ...")
    even though its structured rules do not: a case manager reads names too. Such services are
    judged not relevant (grade 0), but not "never": the matcher cannot know what only the name says."""
    name, age, gender = s.name, profile.get("age"), profile.get("gender")
    if "Men's" in name and gender != "male":
        return True
    if "Women's" in name and gender != "female":
        return True
    if re.search(r"\bYouth\b", name) and (age is None or age > 24):
        return True
    if "Veterans" in name and "veterans" not in client["populations"]:
        return True
    if "Senior" in name and (age is None or age < 60):
        return True
    if "Family Shelter" in name and (profile.get("household_size") or 1) == 1:
        return True
    return False


LANGUAGE_CODES = {"english": "en", "spanish": "es", "vietnamese": "vi", "somali": "so", "arabic": "ar"}


def code_of(language):
    return LANGUAGE_CODES.get(language.lower(), language.lower())


def answers(s, need):
    if "taxonomy_code" in need:
        return any(within(c, need["taxonomy_code"]) for c in s.codes)
    return need["domain"] in s.domains()


def client_of(profile):
    if "zip" in profile:
        z = ZIPS[profile["zip"]]
        client = dict(zip=profile["zip"], city=z["city"], state=z["state"], county=z["county"], point=(z["lat"], z["lon"]))
    else:  # nowhere known: no distance, and no area can be checked
        client = dict(zip=None, city=None, state=None, county=None, point=None)
    if profile.get("monthly_income") is not None and profile.get("household_size"):
        p = POVERTY["contiguous_states"]
        guideline = p["one_person"] + (profile["household_size"] - 1) * p["each_additional_person"]
        client["percent"] = round(profile["monthly_income"] * 12 / guideline * 100)
    pops = set(profile.get("populations", []))
    if (profile.get("age") or 0) >= 60:
        pops.add("older-adults")
    client["populations"] = pops
    return client


def ideal(s, test, profile, client):
    for key, value in test.items():
        if key == "language" and value not in s.languages:
            return False
        if key == "openings" and not (s.capacity > 0):
            return False
        if key == "population" and value not in s.populations:
            return False
        if key == "any_population" and not (set(value) & s.populations):
            return False
        if key == "free" and not s.free:
            return False
        if key == "within" and client["point"] and min(miles(p, client["point"]) for p in s.points) > value:
            return False
    return True


def main():
    services = [Service(json.loads(line)) for line in open(os.path.join(ROOT, "Directory/demo/services.ndjson"))]
    out_dir = os.path.join(ROOT, "Fixtures/evaluation/scenarios")
    os.makedirs(out_dir, exist_ok=True)
    for old in os.listdir(out_dir):
        os.remove(os.path.join(out_dir, old))
    for number, scenario in enumerate(SCENARIOS, start=1):
        profile = scenario["profile"]
        client = client_of(profile)
        travel = profile.get("travel_miles", 25)
        judged = []
        for j in scenario["judge"]:
            need = profile["needs"][j["need"]]
            relevant, clean2, violators = {}, [], []
            for s in services:
                if not answers(s, need) or not s.points:
                    continue
                d = min(miles(p, client["point"]) for p in s.points) if client["point"] else 0.0
                bad, unknown = judge_service(s, client, profile)
                if s.status != "active":
                    bad.append(f"status {s.status}")
                if client["point"] and d > travel:
                    bad.append(f"{d:.1f} miles, beyond {travel}")
                if bad:
                    # Rule breakers first (the tempting ones), then closed services, then the far ones.
                    kind = 2 if all("miles, beyond" in b for b in bad) else 1 if all(b.startswith("status") or "miles, beyond" in b for b in bad) else 0
                    violators.append((kind, d, s.id, s, bad))
                    continue
                if any(within(c, x) for c in s.codes for x in j.get("exclude_codes", [])):
                    continue  # judged beside the point for this client (see the scenario's "why")
                if misnamed(s, profile, client):
                    continue  # a person reading the name would not send this client there
                grade = 2 if ideal(s, j.get("ideal", {}), profile, client) else 1
                relevant[s.id] = grade
                if client["point"] is None:
                    unknown.append("reach")
                # What a case manager would insist on seeing: every rule known and met, a language
                # the client speaks (when the service lists any), and for an urgent need not a
                # program that reported no openings.
                speaks = not s.languages or any(code_of(l) in s.languages for l in profile.get("languages", []))
                full = s.has_capacity_count and s.capacity == 0 and need.get("urgency") in ("high", "crisis")
                if grade == 2 and not unknown and speaks and not full:
                    clean2.append((d, s.id, s))
            clean2.sort()
            violators.sort()
            judged.append(dict(
                need=j["need"], relevant=dict(sorted(relevant.items())),
                must_appear=[i for _, i, _ in clean2[:2]], must_appear_within=j.get("must_appear_within", 10),
                must_appear_names=[f"{s.name} — {s.org} ({d:.1f} mi)" for d, _, s in clean2[:2]],
                never=[i for _, _, i, _, _ in violators[:4]],
                never_reasons=[f"{s.name} — {s.org}: {', '.join(b)}" for _, _, _, s, b in violators[:4]],
                ideal=j.get("ideal", {}), why=j["why"]))
            print(f"{number:02d} need {j['need']}: {len(relevant)} relevant ({sum(1 for g in relevant.values() if g == 2)} ideal), "
                  f"{len(clean2)} clean ideal, {len(violators)} violators")
        name = f"{number:02d}-{scenario['name']}.json"
        with open(os.path.join(out_dir, name), "w") as f:
            json.dump(dict(id=f"{number:02d}-{scenario['name']}", situation=scenario["situation"], profile=profile, judgments=judged),
                      f, indent=2, ensure_ascii=False)
            f.write("\n")


if __name__ == "__main__":
    main()
