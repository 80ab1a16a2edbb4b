#!/usr/bin/env python3
"""Writes a synthetic AWS Glue export (get-databases + paginated get-tables output) for
timing `datacat import --format glue`: gen_glue.py OUT_DIR DATABASES TABLES_PER_DB."""
import json, os, random, sys

out, databases, tables = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(7)
os.makedirs(out, exist_ok=True)
words = ["order", "customer", "payment", "invoice", "session", "event", "price", "stock",
         "region", "store", "product", "refund", "shipment", "campaign", "click"]
types = ["string", "bigint", "int", "double", "date", "timestamp", "decimal(12,2)", "boolean"]
dbs = [{"Name": f"db_{d:03d}", "Description": f"Database {d} of the lake",
        "LocationUri": f"s3://lake/db_{d:03d}/", "CreateTime": 1672531200.5 + d,
        "CatalogId": "123456789012"} for d in range(databases)]
with open(os.path.join(out, "databases.json"), "w") as f:
    json.dump({"DatabaseList": dbs}, f, indent=4)
for d in range(databases):
    pages = []
    for start in range(0, tables, 100):
        page = []
        for t in range(start, min(start + 100, tables)):
            name = f"{random.choice(words)}_{random.choice(words)}_{t}"
            cols = [{"Name": f"{random.choice(words)}_{c}", "Type": random.choice(types),
                     "Comment": f"The {random.choice(words)} of the row"} for c in range(20)]
            page.append({"Name": name, "DatabaseName": f"db_{d:03d}",
                         "CreateTime": 1672531200.25 + t, "UpdateTime": 1704067200.75 + t,
                         "StorageDescriptor": {"Columns": cols,
                                               "Location": f"s3://lake/db_{d:03d}/{name}/"},
                         "PartitionKeys": [{"Name": "dt", "Type": "string"}],
                         "TableType": "EXTERNAL_TABLE",
                         "Parameters": {"classification": random.choice(["parquet", "csv", "json"])},
                         "CatalogId": "123456789012"})
        pages.append({"TableList": page, "NextToken": f"token-{start}"})
    with open(os.path.join(out, f"tables-{d:03d}.json"), "w") as f:
        for page in pages:
            json.dump(page, f, indent=4)
            f.write("\n")
