"""MNIST accuracy of MLPs under IBM aihwkit 1.1.0's InferenceRPUConfig, printed as a fixture.

Networks (all Flatten → [Gemm → ReLU]* → Gemm, input [N, 1, 28, 28], pixels byte/255 in [0, 1]
as Crossbar's MNISTDataset scales them):
- `mlp`: the bundled Experiments/models/mlp.onnx (784-256-128-10), weights read from its ONNX
  initializers;
- `mlp-300-100`, `mlp-512`, `mlp-128-64`: trained here in float32 PyTorch (seed 1; SGD with
  momentum 0.9, batch 64, learning rate 0.05 with cosine decay, weight decay 5e-4: the
  `crossbar train` recipe; 8 epochs) and written as ONNX (opset 13, the same node layout as
  mlp.onnx) next to the fixture, so Crossbar can run them.

Analog configuration (the issue's reference): `InferenceRPUConfig()` with forward.inp_res =
forward.out_res = 1/254 (8-bit DAC and ADC), noise_model = PCMLikeNoiseModel(g_max=25.0),
drift_compensation = GlobalDriftCompensation(); every other field at aihwkit's default (the
whole configuration is recorded in the output under `rpuConfig`).

Per network and seed s ∈ {1, 2, 3}: torch.manual_seed(s), convert_to_analog, eval(),
program_analog_weights() once, then for each t_inference in 1 s, 1 h, 1 day, 1 year
drift_analog_weights(t) and score the 10,000 MNIST test images (batch 1000). The figures are
test accuracies in %, per seed and their mean.

Run (from the repository root, with torch 2.10.0, aihwkit 1.1.0, onnx installed):
    python Experiments/peers/aihwkit/mlp_accuracy.py Experiments/datasets/mnist Experiments/peers/aihwkit
"""

import gzip
import json
import os
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper
import torch
from torch import nn
import aihwkit
from aihwkit.nn.conversion import convert_to_analog
from aihwkit.simulator.configs import InferenceRPUConfig
from aihwkit.inference import PCMLikeNoiseModel, GlobalDriftCompensation

TIMES = [1.0, 3600.0, 86400.0, 31536000.0]
SEEDS = [1, 2, 3]
TRAINED = {"mlp-300-100": [784, 300, 100, 10], "mlp-512": [784, 512, 10], "mlp-128-64": [784, 128, 64, 10]}
EPOCHS = 8


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as handle:
        data = handle.read()
    magic = int.from_bytes(data[0:4], "big")
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(magic & 0xFF)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * len(dims)).reshape(dims)


def load_mnist(folder, split):
    def find(stem):
        for name in (stem + ".gz", stem):
            if os.path.exists(os.path.join(folder, name)):
                return os.path.join(folder, name)
        raise FileNotFoundError(stem)
    images = read_idx(find(f"{split}-images-idx3-ubyte")).astype(np.float32) / 255.0
    labels = read_idx(find(f"{split}-labels-idx1-ubyte")).astype(np.int64)
    return torch.from_numpy(images).reshape(-1, 1, 28, 28), torch.from_numpy(labels)


def mlp(widths):
    layers = [nn.Flatten()]
    for i in range(len(widths) - 1):
        layers.append(nn.Linear(widths[i], widths[i + 1]))
        if i < len(widths) - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


def from_onnx(path):
    """The Gemm layers of an MLP ONNX file, as a torch MLP (ONNX weights [in, out] with transB = 0,
    as Crossbar writes them, or [out, in] with transB = 1)."""
    graph = onnx.load(path).graph
    initializers = {tensor.name: numpy_helper.to_array(tensor) for tensor in graph.initializer}
    gemms = [node for node in graph.node if node.op_type == "Gemm"]
    weights = []
    for node in gemms:
        attributes = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        assert attributes.get("transA", 0) == 0
        assert attributes.get("alpha", 1.0) == 1.0 and attributes.get("beta", 1.0) == 1.0
        weight = initializers[node.input[1]]
        weights.append(weight if attributes.get("transB", 0) == 1 else weight.T)
    biases = [initializers[node.input[2]] for node in gemms]
    model = mlp([weights[0].shape[1]] + [w.shape[0] for w in weights])
    linears = [m for m in model if isinstance(m, nn.Linear)]
    with torch.no_grad():
        for linear, w, b in zip(linears, weights, biases):
            linear.weight.copy_(torch.from_numpy(w.copy()))
            linear.bias.copy_(torch.from_numpy(b.copy()))
    return model


def to_onnx(model, path):
    """Writes an MLP as Flatten → Gemm (weights [in, out], transB = 0) → Relu … → Gemm, opset 13,
    the node and tensor layout of Crossbar's mlp.onnx."""
    linears = [m for m in model if isinstance(m, nn.Linear)]
    nodes = [helper.make_node("Flatten", ["input"], ["flatten"], axis=1)]
    initializers = []
    previous = "flatten"
    for i, linear in enumerate(linears):
        w, b = f"fc{i + 1}.weight", f"fc{i + 1}.bias"
        initializers += [numpy_helper.from_array(linear.weight.detach().numpy().T.astype(np.float32).copy(), w),
                         numpy_helper.from_array(linear.bias.detach().numpy().astype(np.float32), b)]
        out = f"fc{i + 1}"
        nodes.append(helper.make_node("Gemm", [previous, w, b], [out], transB=0))
        if i < len(linears) - 1:
            nodes.append(helper.make_node("Relu", [out], [f"relu{i + 1}"]))
            previous = f"relu{i + 1}"
    graph = helper.make_graph(
        nodes, "mlp", [helper.make_tensor_value_info("input", onnx.TensorProto.FLOAT, ["N", 1, 28, 28])],
        [helper.make_tensor_value_info(f"fc{len(linears)}", onnx.TensorProto.FLOAT, ["N", linears[-1].out_features])],
        initializers)
    proto = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="mlp_accuracy.py")
    onnx.checker.check_model(proto)
    onnx.save(proto, path)


def train(widths, images, labels):
    torch.manual_seed(1)
    return fit(mlp(widths), images, labels, EPOCHS)


def fit(model, images, labels, epochs):
    """Trains `model` in place for `epochs` epochs with the `crossbar train` recipe (SGD with
    momentum 0.9, batch 64, learning rate 0.05 with cosine decay, weight decay 5e-4; batches
    shuffled by a generator of seed 1) and returns it."""
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4)
    steps = epochs * ((len(images) + 63) // 64)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, steps)
    loss = nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(1)
    for _ in range(epochs):
        order = torch.randperm(len(images), generator=generator)
        for start in range(0, len(images), 64):
            batch = order[start:start + 64]
            optimizer.zero_grad()
            loss(model(images[batch]), labels[batch]).backward()
            optimizer.step()
            schedule.step()
    return model


@torch.no_grad()
def accuracy(model, images, labels):
    correct = 0
    for start in range(0, len(images), 1000):
        correct += (model(images[start:start + 1000]).argmax(1) == labels[start:start + 1000]).sum().item()
    return 100.0 * correct / len(images)


def analog_accuracies(name, path, model, images, labels, config=None):
    """The fixture entry of one float network: its float accuracy, and per seed s ∈ SEEDS
    (torch.manual_seed(s), convert_to_analog with `config` (default rpu_config()), eval(),
    program_analog_weights() once) its accuracy after drift_analog_weights(t) for each t in
    TIMES, with the mean over seeds."""
    entry = {"network": name, "file": path, "floatAccuracyPercent": accuracy(model, images, labels),
             "seeds": SEEDS, "times": []}
    print(name, "float", entry["floatAccuracyPercent"], flush=True)
    per_time = {t: [] for t in TIMES}
    for seed in SEEDS:
        torch.manual_seed(seed)
        analog = convert_to_analog(model, config or rpu_config())
        analog.eval()
        analog.program_analog_weights()
        for t in TIMES:
            analog.drift_analog_weights(t)
            per_time[t].append(accuracy(analog, images, labels))
            print(name, seed, t, per_time[t][-1], flush=True)
    for t in TIMES:
        entry["times"].append({"inferenceSeconds": t, "accuracyPercent": per_time[t],
                               "meanAccuracyPercent": float(np.mean(per_time[t]))})
    return entry


def rpu_config():
    config = InferenceRPUConfig()
    config.forward.inp_res = 1 / 254
    config.forward.out_res = 1 / 254
    config.noise_model = PCMLikeNoiseModel(g_max=25.0)
    config.drift_compensation = GlobalDriftCompensation()
    return config


def main():
    data, out = sys.argv[1], sys.argv[2]
    torch.set_num_threads(2)
    train_images, train_labels = load_mnist(data, "train")
    test_images, test_labels = load_mnist(data, "t10k")
    results = []
    for name in ["mlp"] + list(TRAINED):
        if name == "mlp":
            path = "Experiments/models/mlp.onnx"
        else:
            path = os.path.join(out, name + ".onnx")
            to_onnx(train(TRAINED[name], train_images, train_labels), path)
        model = from_onnx(path)
        model.eval()
        results.append(analog_accuracies(name, path, model, test_images, test_labels))
        fixture = {"aihwkit": aihwkit.__version__, "torch": torch.__version__,
                   "script": "Experiments/peers/aihwkit/mlp_accuracy.py",
                   "dataset": "MNIST test set, 10,000 images, pixels byte/255",
                   "trainedNetworks": f"{EPOCHS} epochs, seed 1, SGD momentum 0.9, batch 64, lr 0.05 cosine, weight decay 5e-4",
                   "rpuConfig": str(rpu_config()), "networks": results}
        with open(os.path.join(out, "aihwkit-mlp-accuracy.json"), "w") as handle:
            json.dump(fixture, handle, indent=2)
            handle.write("\n")


if __name__ == "__main__":
    main()
