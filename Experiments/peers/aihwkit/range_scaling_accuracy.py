"""How the weights' scale sets an aihwkit 1.1.0 analog tile's accuracy under PCM drift, printed as a
fixture (`aihwkit-range-scaling-accuracy.json`).

aihwkit 1.1's InferenceRPUConfig maps weights without rescaling (MappingParameter
weight_scaling_omega = 0), so the output noise (out_noise = 0.06) and the output bound
(out_bound = 12) are in the network's own weight units, and global drift compensation multiplies
the output noise by the drift gain. The same classifier with larger weights therefore sees less
noise relative to its signal. Measured here on the configuration of `mlp_accuracy.py`
(`rpu_config()`: 8-bit DAC and ADC, PCMLikeNoiseModel(g_max = 25 µS), GlobalDriftCompensation),
seeds 1–3, t_inference 1 s, 1 h, 1 day, 1 year, all 10,000 MNIST test images:

- `mlp`: the bundled Experiments/models/mlp.onnx as it is (the rows of aihwkit-mlp-accuracy.json);
- `mlp-range1`: the same network with each Gemm scaled so that its largest |w| is 1 and each bias
  multiplied by the product of the factors up to its layer (ReLU is positively homogeneous: the
  logits are multiplied by that product, the arg max is unchanged), written as
  `mlp-range1.onnx` next to the fixture so Crossbar can run the same file;
- `mlp-omega1`: the bundled network under the same configuration with aihwkit's own weight
  mapping switched on (mapping.weight_scaling_omega = 1: each tile's largest |w| mapped to 1, the
  factor applied digitally to the outputs) — aihwkit's way of doing the same;
- every other ONNX file given after the output folder (e.g. a Crossbar hardware-aware-trained MLP),
  under the name of its file, as it is.

Run (from the repository root, with torch 2.10.0, aihwkit 1.1.0, onnx installed):
    python Experiments/peers/aihwkit/range_scaling_accuracy.py Experiments/datasets/mnist Experiments/peers/aihwkit [MORE.onnx ...]
"""

import json
import os
import sys

import torch
from torch import nn
import aihwkit
from aihwkit.nn.conversion import convert_to_analog

from mlp_accuracy import analog_accuracies, from_onnx, load_mnist, rpu_config, to_onnx


def range_scaled(model):
    """`model` with every Linear scaled to max |w| = 1 and every bias by the product of the factors
    up to its layer."""
    product = 1.0
    with torch.no_grad():
        for linear in [m for m in model if isinstance(m, nn.Linear)]:
            factor = 1.0 / linear.weight.abs().max().item()
            product *= factor
            linear.weight.mul_(factor)
            linear.bias.mul_(product)
    return model


def main():
    data, out, more = sys.argv[1], sys.argv[2], sys.argv[3:]
    torch.set_num_threads(2)
    images, labels = load_mnist(data, "t10k")
    bundled = "Experiments/models/mlp.onnx"
    scaled_path = os.path.join(out, "mlp-range1.onnx")
    to_onnx(range_scaled(from_onnx(bundled).eval()), scaled_path)
    omega = rpu_config()
    omega.mapping.weight_scaling_omega = 1.0
    runs = [("mlp", bundled, rpu_config()), ("mlp-range1", scaled_path, rpu_config()), ("mlp-omega1", bundled, omega)]
    runs += [(os.path.splitext(os.path.basename(path))[0], path, rpu_config()) for path in more]
    results = []
    for name, path, config in runs:
        model = from_onnx(path)
        model.eval()
        entry = analog_accuracies(name, path, model, images, labels, config)
        entry["mapping"] = {"weight_scaling_omega": config.mapping.weight_scaling_omega}
        results.append(entry)
        fixture = {"aihwkit": aihwkit.__version__, "torch": torch.__version__,
                   "script": "Experiments/peers/aihwkit/range_scaling_accuracy.py",
                   "dataset": "MNIST test set, 10,000 images, pixels byte/255",
                   "rpuConfig": str(rpu_config()), "networks": results}
        with open(os.path.join(out, "aihwkit-range-scaling-accuracy.json"), "w") as handle:
            json.dump(fixture, handle, indent=2)
            handle.write("\n")


if __name__ == "__main__":
    main()
