#!/bin/sh
# Re-runs the standard commands with a crossbar binary and compares their JSON with a baseline
# folder, timing fields removed. Used to show that a refactor changes no result.
#
#   Tests/Regression/compare-outputs.sh BINARY BASELINE_FOLDER            compare
#   Tests/Regression/compare-outputs.sh BINARY BASELINE_FOLDER --record   write the baseline
#
# BINARY is a release build (`swift build -c release --product crossbar`, then
# .build/release/crossbar). The baseline folder holds run.json, run-prime.json, cost-isaac.json,
# map.json and cost-lenet5-reram.json (a case missing from it is reported and skipped). Removed before comparing: the `timing` object of `crossbar run --json`
# (wall-clock seconds of the simulation, not of the chip). Needs only sh and python3's
# standard library. Exit status: 0 when every output is identical, 1 otherwise.
set -eu
if [ $# -lt 2 ]; then
    echo "usage: $0 BINARY BASELINE_FOLDER [--record]" >&2
    exit 2
fi
binary=$1
baseline=$2
record=${3:-}
here=$(mktemp -d)
trap 'rm -rf "$here"' EXIT

run() {  # name, then the command's arguments
    name=$1
    shift
    echo "crossbar $* > $name.json" >&2
    "$binary" "$@" > "$here/$name.json"
}
run run run --json
run run-prime run --arch prime --images 2000 --json
run cost-isaac cost --arch isaac --json
run map map --json
run cost-lenet5-reram cost --arch isaac --network lenet5 --device reram --json

strip() {  # the JSON file $1 without timing fields, keys sorted, one number per line
    python3 - "$1" <<'PY'
import json, sys
def clean(value):
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items() if k != "timing"}
    if isinstance(value, list):
        return [clean(v) for v in value]
    return value
with open(sys.argv[1]) as f:
    print(json.dumps(clean(json.load(f)), indent=1, sort_keys=True))
PY
}

status=0
for name in run run-prime cost-isaac map cost-lenet5-reram; do
    if [ "$record" = "--record" ]; then
        mkdir -p "$baseline"
        cp "$here/$name.json" "$baseline/$name.json"
        continue
    fi
    if [ ! -f "$baseline/$name.json" ]; then
        echo "$name.json: not in the baseline, skipped"
        continue
    fi
    strip "$baseline/$name.json" > "$here/$name.before"
    strip "$here/$name.json" > "$here/$name.after"
    if diff -u "$here/$name.before" "$here/$name.after" > "$here/$name.diff"; then
        echo "$name.json: identical (timing aside)"
    else
        echo "$name.json: DIFFERENT"
        head -40 "$here/$name.diff"
        status=1
    fi
done
exit $status
