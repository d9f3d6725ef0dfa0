"""Prints aihwkit's device fixtures next to `crossbar device` for the same targets and times.

For every target and time of Tests/DeviceTests/Fixtures/aihwkit-{pcm,reram}-statistics.json it
runs `crossbar device <preset> --target-conductance G --cells 200000 --time T… --json` (seed 1)
and prints a Markdown table: programmed and read mean/σ (µS) of both, and the relative
differences against the issue's bounds (mean 2 %, σ 5 %). Needs only Python 3 and a built
`crossbar` (default .build/debug/crossbar; pass another path as the first argument).

Run from the repository root:
    python3 Experiments/peers/aihwkit/compare_device_statistics.py [path/to/crossbar]
"""

import json
import subprocess
import sys

CROSSBAR = sys.argv[1] if len(sys.argv) > 1 else ".build/debug/crossbar"
FIXTURES = "Tests/DeviceTests/Fixtures"


def crossbar(preset, target_us, times):
    arguments = [CROSSBAR, "device", preset, "--target-conductance", repr(target_us * 1e-6), "--cells", "200000",
                 "--json", "--time"] + [repr(t) for t in times]
    return json.loads(subprocess.run(arguments, check=True, capture_output=True, text=True).stdout)


def row(label, ours, theirs):
    mean, sigma = ours["mean"] * 1e6, ours["standardDeviation"] * 1e6
    dm = (mean - theirs["mean"]) / theirs["mean"] * 100
    ds = (sigma - theirs["standardDeviation"]) / theirs["standardDeviation"] * 100
    return (f"| {label} | {theirs['mean']:.4f} | {mean:.4f} | {dm:+.2f} % | "
            f"{theirs['standardDeviation']:.4f} | {sigma:.4f} | {ds:+.2f} % |")


def main():
    for preset, name in [("pcm-aihwkit", "aihwkit-pcm-statistics.json"), ("reram-aihwkit", "aihwkit-reram-statistics.json")]:
        fixture = json.load(open(f"{FIXTURES}/{name}"))
        print(f"\n{preset} vs {fixture['model']} ({fixture['cells']} cells each; µS)\n")
        print("| target, state | aihwkit mean | Crossbar mean | Δ | aihwkit σ | Crossbar σ | Δ |")
        print("|---|---|---|---|---|---|---|")
        for target in fixture["targets"]:
            g = target["targetMicrosiemens"]
            times = [t["inferenceSeconds"] for t in target["times"]]
            report = crossbar(preset, g, times)
            print(row(f"{g:g} µS programmed", report["conductance"], target["programmed"]))
            for ours, theirs in zip(report["times"], target["times"]):
                t = theirs["inferenceSeconds"]
                if "drifted" in theirs:
                    print(row(f"{g:g} µS drifted, t = {t:g} s", ours["conductance"], theirs["drifted"]))
                print(row(f"{g:g} µS read, t = {t:g} s", ours["readConductance"], theirs["read"]))


if __name__ == "__main__":
    main()
