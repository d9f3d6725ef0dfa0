"""MNIST accuracy of the bundled MLP under aihwkit 1.1.0 with ReRamWan2022NoiseModel(g_max=40)
instead of PCMLikeNoiseModel: the configuration of mlp_accuracy.py otherwise (8-bit inp/out_res,
GlobalDriftCompensation, seeds 1-3), at the model's fitted times t_inference = 1 s, 1 day, 2 days.
Writes aihwkit-mlp-reram-accuracy.json next to this script.

    /work/venv-peers/bin/python Experiments/peers/aihwkit/mlp_reram_accuracy.py Experiments/datasets/mnist Experiments/peers/aihwkit
"""

import json
import os
import sys

import numpy as np
import torch
import aihwkit
from aihwkit.nn.conversion import convert_to_analog
from aihwkit.inference.noise.reram import ReRamWan2022NoiseModel

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mlp_accuracy as base  # noqa: E402

TIMES = [1.0, 86400.0, 172800.0]


def rpu_config():
    config = base.rpu_config()
    config.noise_model = ReRamWan2022NoiseModel(g_max=40.0)
    return config


def main():
    data, out = sys.argv[1], sys.argv[2]
    torch.set_num_threads(2)
    test_images, test_labels = base.load_mnist(data, "t10k")
    path = "Experiments/models/mlp.onnx"
    net = base.from_onnx(path)
    net.eval()
    entry = {"network": "mlp", "file": path, "device": "reram-aihwkit",
             "floatAccuracyPercent": base.accuracy(net, test_images, test_labels), "seeds": base.SEEDS, "times": []}
    per_time = {t: [] for t in TIMES}
    for seed in base.SEEDS:
        torch.manual_seed(seed)
        analog = convert_to_analog(net, rpu_config())
        analog.eval()
        analog.program_analog_weights()
        for t in TIMES:
            analog.drift_analog_weights(t)
            per_time[t].append(base.accuracy(analog, test_images, test_labels))
            print("mlp reram", seed, t, per_time[t][-1], flush=True)
    for t in TIMES:
        entry["times"].append({"inferenceSeconds": t, "accuracyPercent": per_time[t],
                               "meanAccuracyPercent": float(np.mean(per_time[t]))})
    fixture = {"aihwkit": aihwkit.__version__, "torch": torch.__version__,
               "script": "Experiments/peers/aihwkit/mlp_reram_accuracy.py",
               "dataset": "MNIST test set, 10,000 images, pixels byte/255",
               "rpuConfig": str(rpu_config()), "networks": [entry]}
    with open(os.path.join(out, "aihwkit-mlp-reram-accuracy.json"), "w") as handle:
        json.dump(fixture, handle, indent=2)
        handle.write("\n")


if __name__ == "__main__":
    main()
