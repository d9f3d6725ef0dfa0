"""MNIST accuracy of CNNs under IBM aihwkit 1.1.0's InferenceRPUConfig, printed as a fixture:
the analog-tile convolutions (`AnalogConv2d`, each output pixel's unfolded patch one input vector)
next to the MLPs of `mlp_accuracy.py`, with the same configuration and protocol.

Networks (ONNX Conv/Relu/MaxPool/Flatten/Gemm chains, input [N, 1, 28, 28], pixels byte/255):
- `lenet5`: the bundled Experiments/models/lenet5.onnx (Crossbar's default network);
- `cnn-8-16`: conv 3×3 (8) → ReLU → max-pool 2 → conv 3×3 (16) → ReLU → max-pool 2 → Linear
  400 → 10, trained here in float32 PyTorch with the recipe of `mlp_accuracy.py` (seed 1, 3 epochs)
  and written as ONNX next to the fixture; never used to tune Crossbar.

Per network and seed s ∈ {1, 2, 3}: torch.manual_seed(s), convert_to_analog, eval(),
program_analog_weights() once, then for each t_inference in 1 s, 1 h, 1 day, 1 year
drift_analog_weights(t) and score the 10,000 MNIST test images (batch 1000).

Run (from the repository root, with torch 2.10.0, aihwkit 1.1.0, onnx installed):
    python Experiments/peers/aihwkit/cnn_accuracy.py Experiments/datasets/mnist Experiments/peers/aihwkit
"""

import json
import os
import sys

import onnx
from onnx import helper, numpy_helper
import torch
from torch import nn
import aihwkit

from mlp_accuracy import analog_accuracies, fit, load_mnist, rpu_config

EPOCHS = 3


def from_onnx(path):
    """A torch Sequential of an ONNX Conv/Relu/MaxPool/Flatten/Gemm chain (Gemm weights [in, out]
    with transB = 0, or [out, in] with transB = 1)."""
    graph = onnx.load(path).graph
    initializers = {tensor.name: numpy_helper.to_array(tensor) for tensor in graph.initializer}
    layers = []
    for node in graph.node:
        attributes = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        if node.op_type == "Conv":
            weight = initializers[node.input[1]]
            assert attributes.get("group", 1) == 1 and attributes.get("dilations", [1, 1]) == [1, 1]
            pads = attributes.get("pads", [0, 0, 0, 0])
            assert pads[0] == pads[2] and pads[1] == pads[3]
            conv = nn.Conv2d(weight.shape[1], weight.shape[0], tuple(weight.shape[2:]),
                             stride=tuple(attributes.get("strides", [1, 1])), padding=(pads[0], pads[1]))
            with torch.no_grad():
                conv.weight.copy_(torch.from_numpy(weight.copy()))
                conv.bias.copy_(torch.from_numpy(initializers[node.input[2]].copy()))
            layers.append(conv)
        elif node.op_type == "Relu":
            layers.append(nn.ReLU())
        elif node.op_type == "MaxPool":
            assert attributes.get("pads", [0, 0, 0, 0]) == [0, 0, 0, 0]
            layers.append(nn.MaxPool2d(tuple(attributes["kernel_shape"]), tuple(attributes.get("strides", [1, 1]))))
        elif node.op_type == "Flatten":
            layers.append(nn.Flatten())
        elif node.op_type == "Gemm":
            assert attributes.get("transA", 0) == 0
            weight = initializers[node.input[1]]
            weight = weight if attributes.get("transB", 0) == 1 else weight.T
            linear = nn.Linear(weight.shape[1], weight.shape[0])
            with torch.no_grad():
                linear.weight.copy_(torch.from_numpy(weight.copy()))
                linear.bias.copy_(torch.from_numpy(initializers[node.input[2]].copy()))
            layers.append(linear)
        else:
            raise ValueError(f"{path}: operator {node.op_type} is not in this script's chain")
    return nn.Sequential(*layers)


def cnn_8_16():
    return nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8, 16, 3), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(400, 10))


def main():
    data, out = sys.argv[1], sys.argv[2]
    torch.set_num_threads(2)
    test_images, test_labels = load_mnist(data, "t10k")
    held_out = os.path.join(out, "cnn-8-16.onnx")
    if not os.path.exists(held_out):
        train_images, train_labels = load_mnist(data, "train")
        torch.manual_seed(1)
        model = fit(cnn_8_16(), train_images, train_labels, EPOCHS).eval()
        torch.onnx.export(model, torch.zeros(1, 1, 28, 28), held_out, input_names=["input"], output_names=["logits"],
                          dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}}, opset_version=13, dynamo=False)
    results = []
    for name, path in [("lenet5", "Experiments/models/lenet5.onnx"), ("cnn-8-16", held_out)]:
        model = from_onnx(path).eval()
        results.append(analog_accuracies(name, path, model, test_images, test_labels))
        fixture = {"aihwkit": aihwkit.__version__, "torch": torch.__version__,
                   "script": "Experiments/peers/aihwkit/cnn_accuracy.py",
                   "dataset": "MNIST test set, 10,000 images, pixels byte/255",
                   "trainedNetworks": f"cnn-8-16: {EPOCHS} epochs, seed 1, SGD momentum 0.9, batch 64, lr 0.05 cosine, weight decay 5e-4",
                   "rpuConfig": str(rpu_config()), "networks": results}
        with open(os.path.join(out, "aihwkit-cnn-accuracy.json"), "w") as handle:
            json.dump(fixture, handle, indent=2)
            handle.write("\n")


if __name__ == "__main__":
    main()
