"""Hardware-aware training of the bundled MLP in IBM aihwkit 1.1.0, and its PCM accuracy over drift
time, printed as a fixture (`aihwkit-hwa-accuracy.json`).

Network and data as `mlp_accuracy.py`: Experiments/models/mlp.onnx (784-256-128-10), MNIST with
pixels byte/255. The inference configuration is that script's `rpu_config()` (InferenceRPUConfig,
8-bit DAC and ADC, PCMLikeNoiseModel(g_max = 25 µS), GlobalDriftCompensation) so the conventionally
trained rows of `aihwkit-mlp-accuracy.json` are the baseline. Hardware-aware training adds only
training-time fields, each aihwkit 1.1's own:

- `addNormal-<s>`: modifier WeightModifierType.ADD_NORMAL with std_dev s relative to each tile's
  max |w| (a fresh draw per mini-batch), weight clipping WeightClipType.LAYER_GAUSSIAN at 2.5 σ;
- `range1-addNormal-<s>`: the same, started from the bundled network rescaled as
  `crossbar train --hardware-aware --weight-range 1` rescales it (each layer multiplied by
  1/min(max|w|, 2.5·σ_w), σ_w with n − 1 as aihwkit's clip takes it, and each bias by the product
  of the factors up to its layer; the logits carry the product S), with the loss taken on
  logits/S and each array's learning rate multiplied by the square of its factor, as Crossbar
  trains it: what Crossbar's range scaling does, in aihwkit;

(WeightModifierType.PCM_NOISE, aihwkit's PCM programming-noise model as the training modifier,
stops in aihwkit 1.1.0's CPU build with "Requested WeightModifierType not implemented in CPU
version", so ADD_NORMAL, the modifier of its StandardHWATrainingPreset family, is what is measured.)

Training: fine-tuning from mlp.onnx's weights with aihwkit's AnalogSGD (momentum 0.9, batch 64,
learning rate 0.01 with cosine decay, no weight decay, batches shuffled by a generator of seed 1,
torch.manual_seed(1)), EPOCHS epochs on the 60,000 training images; aihwkit's forward during
training is its noisy analog tile (DAC/ADC quantization, output noise 0.06) plus the modifier.
Each trained network is written as ONNX (hwa-<variant>.onnx, mlp.onnx's layout) so Crossbar can run
it too. Evaluation: per seed s ∈ {1, 2, 3}: torch.manual_seed(s), eval(), program_analog_weights()
once, then drift_analog_weights(t) for t in 1 s, 1 h, 1 day, 1 year and the 10,000 test images.

Run (from the repository root, with torch 2.10.0, aihwkit 1.1.0, onnx installed):
    python Experiments/peers/aihwkit/hwa_training.py Experiments/datasets/mnist Experiments/peers/aihwkit
"""

import json
import os
import sys
import time

import numpy as np
import torch
from torch import nn
import aihwkit
from aihwkit.nn import AnalogLinear
from aihwkit.nn.conversion import convert_to_analog
from aihwkit.optim import AnalogSGD
from aihwkit.simulator.configs import WeightClipType, WeightModifierType

from mlp_accuracy import TIMES, SEEDS, accuracy, from_onnx, load_mnist, rpu_config, to_onnx

EPOCHS = 3
VARIANTS = ["addNormal-0.02", "addNormal-0.05", "addNormal-0.1"]


def training_config(variant):
    """The inference configuration of `mlp_accuracy.py` with the variant's training-time fields."""
    config = rpu_config()
    config.clip.type = WeightClipType.LAYER_GAUSSIAN
    config.clip.sigma = 2.5
    modifier = variant.removeprefix("range1-")
    if modifier.startswith("addNormal-"):
        config.modifier.type = WeightModifierType.ADD_NORMAL
        config.modifier.std_dev = float(modifier.split("-")[1])
        config.modifier.rel_to_actual_wmax = True
    else:
        raise ValueError(variant)
    return config


def range_scaled(model):
    """`model` with each Linear scaled so that min(max|w|, 2.5·σ_w) is 1 and each bias by the product
    of the factors up to its layer; returns the model and each layer's (weight factor, bias factor)."""
    product, factors = 1.0, []
    with torch.no_grad():
        for linear in [m for m in model if isinstance(m, nn.Linear)]:
            w = linear.weight
            factor = 1.0 / min(w.abs().max().item(), 2.5 * w.std().item())
            product *= factor
            w.mul_(factor)
            linear.bias.mul_(product)
            factors.append((factor, product))
    return model, factors


def train(variant, images, labels):
    """The MLP fine-tuned hardware-aware in aihwkit, as a float torch model of the trained weights."""
    torch.manual_seed(1)
    start, logit_scale = from_onnx("Experiments/models/mlp.onnx"), 1.0
    if variant.startswith("range1-"):
        start, factors = range_scaled(start)
        logit_scale = factors[-1][1]
    analog = convert_to_analog(start, training_config(variant))
    analog.train()
    if variant.startswith("range1-"):
        # Each array's learning rate times the square of its factor, as Crossbar's Trainer takes
        # parameterScales: every step is the unscaled network's step, scaled (no weight decay here).
        groups = []
        for layer, (factor, product) in zip([m for m in analog.modules() if isinstance(m, AnalogLinear)], factors):
            named = list(layer.named_parameters())
            tiles = [p for n, p in named if not n.endswith("bias")]  # analog contexts and their shared weights
            biases = [p for n, p in named if n.endswith("bias")]
            groups += [{"params": tiles, "lr": 0.01 * factor ** 2}, {"params": biases, "lr": 0.01 * product ** 2}]
        optimizer = AnalogSGD(groups, lr=0.01, momentum=0.9)
    else:
        optimizer = AnalogSGD(analog.parameters(), lr=0.01, momentum=0.9)
        optimizer.regroup_param_groups(analog)
    steps = EPOCHS * ((len(images) + 63) // 64)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, steps)
    loss = nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(1)
    for epoch in range(EPOCHS):
        start = time.time()
        order = torch.randperm(len(images), generator=generator)
        for first in range(0, len(images), 64):
            batch = order[first:first + 64]
            optimizer.zero_grad()
            loss(analog(images[batch]) / logit_scale, labels[batch]).backward()
            optimizer.step()
            schedule.step()
        print(variant, "epoch", epoch + 1, f"{time.time() - start:.1f} s", flush=True)
    model = from_onnx("Experiments/models/mlp.onnx")
    analog_layers = [m for m in analog.modules() if isinstance(m, AnalogLinear)]
    linears = [m for m in model if isinstance(m, nn.Linear)]
    with torch.no_grad():
        for linear, layer in zip(linears, analog_layers):
            weight, bias = layer.get_weights()
            linear.weight.copy_(weight)
            linear.bias.copy_(bias)
    return model


def evaluate(variant, path, model, images, labels):
    """Float accuracy and, per seed, the PCM accuracies over drift time of the trained network."""
    entry = {"variant": variant, "file": path, "floatAccuracyPercent": accuracy(model, images, labels),
             "seeds": SEEDS, "times": []}
    print(variant, "float", entry["floatAccuracyPercent"], flush=True)
    per_time = {t: [] for t in TIMES}
    for seed in SEEDS:
        torch.manual_seed(seed)
        analog = convert_to_analog(model, rpu_config())
        analog.eval()
        analog.program_analog_weights()
        for t in TIMES:
            analog.drift_analog_weights(t)
            per_time[t].append(accuracy(analog, images, labels))
            print(variant, seed, t, per_time[t][-1], flush=True)
    for t in TIMES:
        entry["times"].append({"inferenceSeconds": t, "accuracyPercent": per_time[t],
                               "meanAccuracyPercent": float(np.mean(per_time[t]))})
    return entry


def main():
    data, out = sys.argv[1], sys.argv[2]
    torch.set_num_threads(2)
    train_images, train_labels = load_mnist(data, "train")
    test_images, test_labels = load_mnist(data, "t10k")
    variants = sys.argv[3].split(",") if len(sys.argv) > 3 else VARIANTS
    results = []
    for variant in variants:
        path = os.path.join(out, f"hwa-{variant}.onnx")
        model = train(variant, train_images, train_labels)
        model.eval()
        to_onnx(model, path)
        results.append(evaluate(variant, path, model, test_images, test_labels))
        fixture = {"aihwkit": aihwkit.__version__, "torch": torch.__version__,
                   "script": "Experiments/peers/aihwkit/hwa_training.py",
                   "dataset": "MNIST, 60,000 training images, 10,000 test images, pixels byte/255",
                   "training": f"fine-tuned from Experiments/models/mlp.onnx, {EPOCHS} epochs, AnalogSGD momentum 0.9, "
                               "batch 64, lr 0.01 cosine, seed 1",
                   "inferenceRPUConfig": str(rpu_config()),
                   "trainingRPUConfigs": {v: str(training_config(v)) for v in variants},
                   "variants": results}
        with open(os.path.join(out, "aihwkit-hwa-accuracy.json"), "w") as handle:
            json.dump(fixture, handle, indent=2)
            handle.write("\n")


if __name__ == "__main__":
    main()
