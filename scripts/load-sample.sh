#!/usr/bin/env bash
# Usage: load-sample.sh DATACAT DATA_DIR — imports the bundled sample catalog and sample
# glossary into DATA_DIR when DATA_DIR holds no catalog yet; leaves an existing catalog alone.
set -euo pipefail
datacat=$1
data_dir=$2
if [ -f "$data_dir/catalog.db" ]; then
  echo "data directory $data_dir already holds a catalog; not loading the sample"
  exit 0
fi
"$datacat" import --data-dir "$data_dir" config/sample/catalog.ndjson
"$datacat" glossary import --data-dir "$data_dir" config/sample/glossary-business.csv \
  --label Business --owner finance-platform \
  --description "Words the whole company shares, owned by the finance platform team."
