#!/usr/bin/env python3
"""Sanity checks for the own relevance set: python3 bench/relevance/own/check.py

Checks the files against each other only; it never runs datacat.
"""
import collections
import csv
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
CATALOGS = {"sample": os.path.join(ROOT, "config/sample/catalog.ndjson"),
            "lake": os.path.join(HERE, "lake.ndjson")}
GLOSSARIES = {"sample": os.path.join(ROOT, "config/sample/glossary-business.csv"),
              "lake": os.path.join(HERE, "lake-glossary.csv")}
MIN_KINDS = {"exact_name": 10, "label": 8, "prefix": 20, "name_part": 8, "column": 8,
             "column_description": 6, "tag": 5, "glossary": 6, "synonym": 5, "typo": 6, "question": 12}
ASSET_FIELDS = {"uri", "type", "name", "label", "description", "tags", "topics", "region", "classification",
                "organization", "environment", "owner", "stewards", "parent", "database", "columns",
                "location", "url", "created", "updated"}
errors = []


def err(msg):
    errors.append(msg)


def read_jsonl(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                out.append((n, json.loads(line)))
            except json.JSONDecodeError as e:
                err(f"{os.path.basename(path)}:{n}: invalid JSON ({e})")
    return out


# ---- catalogs
assets = {}
for cat, path in CATALOGS.items():
    rows = read_jsonl(path)
    by_uri = {}
    for n, a in rows:
        if a["uri"] in by_uri:
            err(f"{cat}:{n}: duplicate uri {a['uri']}")
        by_uri[a["uri"]] = a
    assets[cat] = by_uri
    if cat != "lake":
        continue
    for n, a in rows:
        where = f"lake.ndjson:{n}"
        if set(a) - ASSET_FIELDS:
            err(f"{where}: unknown fields {set(a) - ASSET_FIELDS}")
        if a.get("type") not in ("dataset", "table", "folder", "dashboard"):
            err(f"{where}: bad type")
        if not a.get("uri", "").startswith("datacat://"):
            err(f"{where}: uri not datacat://")
        if a["type"] in ("table", "folder"):
            parent = by_uri.get(a.get("parent", ""))
            if not parent or parent["type"] != "dataset":
                err(f"{where}: parent is not a dataset of the catalog")
        elif "parent" in a:
            err(f"{where}: only tables and folders have a parent")
        if ("columns" in a or "database" in a) and a["type"] != "table":
            err(f"{where}: only tables have columns/database")
        if "url" in a and a["type"] != "dashboard":
            err(f"{where}: only dashboards have a url")
        if "location" in a and a["type"] == "dashboard":
            err(f"{where}: dashboards have no location")
        if a.get("classification") not in (None, "unclassified", "official", "secret"):
            err(f"{where}: bad classification")
        if a["updated"] < a["created"]:
            err(f"{where}: updated before created")
        for c in a.get("columns", []):
            if set(c) - {"name", "type", "description"} or not c.get("name"):
                err(f"{where}: bad column {c}")

# ---- glossaries
terms = {}
for cat, path in GLOSSARIES.items():
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    if rows[0] != ["parent", "name", "description", "synonyms"]:
        err(f"{os.path.basename(path)}: bad header")
    names = set()
    for n, row in enumerate(rows[1:], 2):
        if len(row) != 4:
            err(f"{os.path.basename(path)}:{n}: expected 4 fields, got {len(row)}")
            continue
        if not row[1].endswith("/"):
            if row[1].lower() in names:
                err(f"{os.path.basename(path)}:{n}: duplicate term {row[1]}")
            names.add(row[1].lower())
    terms[cat] = names

# ---- term links
links = read_jsonl(os.path.join(HERE, "terms.jsonl"))
seen = set()
for n, t in links:
    cat = t.get("catalog")
    if cat not in assets:
        err(f"terms.jsonl:{n}: bad catalog {cat}")
        continue
    if t["uri"] not in assets[cat]:
        err(f"terms.jsonl:{n}: uri {t['uri']} not in {cat}")
    if t["term"].lower() not in terms[cat]:
        err(f"terms.jsonl:{n}: term {t['term']!r} not in the {cat} glossary")
    key = (cat, t["uri"], t["term"].lower())
    if key in seen:
        err(f"terms.jsonl:{n}: duplicate link")
    seen.add(key)

# ---- queries
queries = read_jsonl(os.path.join(HERE, "queries.jsonl"))
kinds = collections.Counter()
per_cat = collections.Counter()
kind_cat = collections.Counter()
pairs = set()
for n, q in queries:
    where = f"queries.jsonl:{n}"
    cat = q.get("catalog")
    if cat not in assets:
        err(f"{where}: bad catalog {cat}")
        continue
    if set(q) != {"catalog", "kind", "query", "relevant", "expect", "note"}:
        err(f"{where}: unexpected keys {sorted(q)}")
    if q["kind"] not in MIN_KINDS:
        err(f"{where}: unknown kind {q['kind']}")
    if not q["relevant"]:
        err(f"{where}: no relevant uris")
    if len(set(q["relevant"])) != len(q["relevant"]):
        err(f"{where}: duplicate relevant uri")
    for u in q["relevant"]:
        if u not in assets[cat]:
            err(f"{where}: uri {u} not in {cat}")
    e = q["expect"]
    if e == {"first": True}:
        pass
    elif set(e) == {"within"} and isinstance(e["within"], int):
        if e["within"] < len(q["relevant"]):
            err(f"{where}: within {e['within']} < {len(q['relevant'])} relevant")
    else:
        err(f"{where}: bad expect {e}")
    if (cat, q["query"].lower()) in pairs:
        err(f"{where}: duplicate query {q['query']!r}")
    pairs.add((cat, q["query"].lower()))
    kinds[q["kind"]] += 1
    per_cat[cat] += 1
    kind_cat[(q["kind"], cat)] += 1

if len(queries) < 100:
    err(f"only {len(queries)} queries")
for k, m in MIN_KINDS.items():
    if kinds[k] < m:
        err(f"kind {k}: {kinds[k]} queries, want at least {m}")

print(f"lake.ndjson: {len(assets['lake'])} assets; sample: {len(assets['sample'])} assets")
print(f"terms.jsonl: {len(links)} links "
      f"({sum(1 for _, t in links if t['catalog'] == 'sample')} sample, "
      f"{sum(1 for _, t in links if t['catalog'] == 'lake')} lake)")
print(f"queries.jsonl: {len(queries)} queries ({per_cat['sample']} sample, {per_cat['lake']} lake)")
for k in MIN_KINDS:
    print(f"  {k:20s} {kinds[k]:3d}  (sample {kind_cat[(k, 'sample')]}, lake {kind_cat[(k, 'lake')]})")
if errors:
    print("\n".join(["ERRORS:"] + errors))
    sys.exit(1)
print("ok")
