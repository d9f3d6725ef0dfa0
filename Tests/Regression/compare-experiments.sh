#!/bin/sh
# Compares a fresh run of the standard experiments with the committed results, timing aside.
#
#   RESULTS=/tmp/new Experiments/run-standard-experiments.sh
#   Tests/Regression/compare-experiments.sh /tmp/new
#
# results.csv, results.jsonl and experiment.json must be byte-identical to those under
# Experiments/results/NAME; points.jsonl may differ only in its `timing` objects (wall-clock
# seconds and finishing times of the simulation). Needs only sh and python3's standard library.
# Exit status: 0 when everything matches, 1 otherwise.
set -eu
if [ $# -ne 1 ]; then
    echo "usage: $0 NEW_RESULTS_FOLDER" >&2
    exit 2
fi
root=$(cd "$(dirname "$0")/../.." && pwd)
python3 - "$root/Experiments/results" "$1" <<'PY'
import json, os, sys
before, after = sys.argv[1], sys.argv[2]
status = 0
for name in ["device-variation", "adc-resolution", "ir-drop", "energy-breakdown", "pcm-drift", "edge-scaling"]:
    for file in ["results.csv", "results.jsonl", "experiment.json"]:
        a, b = (open(os.path.join(folder, name, file), "rb").read() for folder in (before, after))
        print(f"{name}/{file}: {'identical' if a == b else 'DIFFERENT'}")
        status |= a != b
    def points(folder):
        with open(os.path.join(folder, name, "points.jsonl")) as f:
            return [{k: v for k, v in json.loads(line).items() if k != "timing"} for line in f]
    same = points(before) == points(after)
    print(f"{name}/points.jsonl: {'identical (timing aside)' if same else 'DIFFERENT'}")
    status |= not same
sys.exit(status)
PY
