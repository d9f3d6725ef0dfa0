"""Crossbar's `aihwkit` architecture against aihwkit 1.1.0 on MNIST MLPs: run accuracy at
t_inference = 1 s, 1 h, 1 day, 1 year, mean over seeds 1-3.

aihwkit side: `aihwkit-mlp-accuracy.json`, printed by `mlp_accuracy.py` (which runs aihwkit's
InferenceRPUConfig with 8-bit inp/out_res, PCMLikeNoiseModel(g_max=25), GlobalDriftCompensation
on the bundled mlp.onnx and on three MLPs it trains and writes here, mlp-300-100, mlp-512 and
mlp-128-64, never used to tune Crossbar), and `aihwkit-mlp-activation-accuracy.json` from
`mlp_activation_accuracy.py` (784-256-10 with Tanh) and `aihwkit-mlp-reram-accuracy.json` from
`mlp_reram_accuracy.py` (the bundled MLP on ReRamWan2022NoiseModel, run on reram-aihwkit), and
`aihwkit-cnn-accuracy.json` from `cnn_accuracy.py` (the bundled LeNet-5 and cnn-8-16, trained there,
on AnalogConv2d tiles), when present. Pass --rerun-aihwkit to run the scripts first, and
--only=NAME,NAME to rerun Crossbar on those networks only, keeping the other rows of the last
run-accuracy.json.
Crossbar side: the release binary (default .build/release/crossbar),
    crossbar run --network F --device pcm-aihwkit --arch aihwkit --drift-time T --seed S --json
on all 10,000 test images. Writes run-accuracy.json and run-accuracy.md next to this script.

Run from the repository root:
    swift build -c release && /work/venv-peers/bin/python Experiments/peers/aihwkit/compare_run_accuracy.py
"""

import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = [1, 2, 3]
FIXTURES = ["aihwkit-mlp-accuracy.json", "aihwkit-mlp-activation-accuracy.json", "aihwkit-mlp-reram-accuracy.json",
            "aihwkit-cnn-accuracy.json"]
SCRIPTS = ["mlp_accuracy.py", "mlp_activation_accuracy.py", "mlp_reram_accuracy.py", "cnn_accuracy.py"]
LABELS = {1.0: "1 s", 3600.0: "1 h", 86400.0: "1 day", 172800.0: "2 days", 31536000.0: "1 year"}


def crossbar(binary, network_file, seconds, seed, device, arch):
    out = subprocess.run(
        [binary, "run", "--network", network_file, "--device", device, "--arch", arch, "--drift-time", repr(seconds),
         "--seed", str(seed), "--json"], check=True, capture_output=True, text=True).stdout
    return 100.0 * json.loads(out)["accuracy"]["analog"]


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    binary = args[0] if args else ".build/release/crossbar"
    if "--rerun-aihwkit" in sys.argv:
        for script in SCRIPTS:
            subprocess.run([sys.executable, os.path.join(HERE, script), "Experiments/datasets/mnist", HERE], check=True)
    networks = []
    for name in FIXTURES:
        if os.path.exists(os.path.join(HERE, name)):
            networks += json.load(open(os.path.join(HERE, name)))["networks"]
    only = next((a.split("=", 1)[1].split(",") for a in sys.argv[1:] if a.startswith("--only=")), None)
    rows = []
    if only is not None:
        previous = json.load(open(os.path.join(HERE, "run-accuracy.json")))["rows"]
        rows = [row for row in previous if row["network"] not in only]
        networks = [network for network in networks if network["network"] in only]
    for network in networks:
        for entry in network["times"]:
            t = entry["inferenceSeconds"]
            device = network.get("device", "pcm-aihwkit")
            ours = [crossbar(binary, network["file"], t, s, device, "aihwkit") for s in SEEDS]
            mean = sum(ours) / len(ours)
            row = {"network": network["network"], "device": device, "file": network["file"], "inferenceSeconds": t,
                   "aihwkitPercent": entry["accuracyPercent"], "aihwkitMeanPercent": entry["meanAccuracyPercent"],
                   "crossbarPercent": ours, "crossbarMeanPercent": mean,
                   "differencePoints": mean - entry["meanAccuracyPercent"]}
            rows.append(row)
            print(json.dumps(row), flush=True)
    result = {"script": "Experiments/peers/aihwkit/compare_run_accuracy.py", "aihwkitFixtures": FIXTURES,
              "crossbar": "crossbar run --network F --device D --arch aihwkit --drift-time T --seed S (10,000 images)",
              "seeds": SEEDS, "rows": rows}
    with open(os.path.join(HERE, "run-accuracy.json"), "w") as handle:
        json.dump(result, handle, indent=2)
        handle.write("\n")
    lines = ["| device | time | network | aihwkit (mean of 3 seeds) | Crossbar (mean of 3 seeds) | Δ points |", "|---|---|---|---|---|---|"]
    for row in sorted(rows, key=lambda r: (r["device"], r["inferenceSeconds"], r["network"])):
        lines.append(f"| `{row['device']}` | {LABELS.get(row['inferenceSeconds'], row['inferenceSeconds'])} | `{row['network']}` | "
                     f"{row['aihwkitMeanPercent']:.2f} | {row['crossbarMeanPercent']:.2f} | {row['differencePoints']:+.2f} |")
    worst = max(abs(r["differencePoints"]) for r in rows)
    lines.append("")
    lines.append(f"Largest |Δ|: {worst:.2f} points over {len(rows)} figures.")
    with open(os.path.join(HERE, "run-accuracy.md"), "w") as handle:
        handle.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
