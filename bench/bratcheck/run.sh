#!/bin/sh
# Margin against brat's own example data and brat's own parser:
#   bench/bratcheck/run.sh BRAT_CHECKOUT [OUT]
# BRAT_CHECKOUT is a checkout of github.com/nlplab/brat (nothing is
# fetched); needs Debian's python3-filelock for brat's annotation.py.
# 1. every example-data corpus is imported into a project, exported as brat
#    into OUT (default: a temp folder) and read back (bench/cmd/bratroundtrip);
# 2. brat's projectconfig.py and annotation.py read the originals and the
#    exports (bench/bratcheck/brat_parse.py).
set -eu
brat=$(cd "$1" && pwd)
out=${2:-$(mktemp -d)}
cd "$(dirname "$0")/../.."
go run -tags sqlite_fts5 ./bench/cmd/bratroundtrip "$brat" "$out"
echo "--- brat reads its own example data"
/usr/bin/python3 bench/bratcheck/brat_parse.py "$brat" $(find "$brat/example-data" -name annotation.conf -exec dirname {} \; | sort)
echo "--- brat reads Margin's exports"
/usr/bin/python3 bench/bratcheck/brat_parse.py "$brat" "$out"/*
