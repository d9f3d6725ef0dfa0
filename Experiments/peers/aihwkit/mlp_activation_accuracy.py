"""MNIST accuracy under aihwkit 1.1.0 of an MLP with another activation: 784-256-10 with Tanh,
trained and scored exactly as mlp_accuracy.py does (its recipe, configuration, seeds and times;
its functions are imported), written as mlp-256-tanh.onnx (Flatten → Gemm → Tanh → Gemm) and
aihwkit-mlp-activation-accuracy.json next to this script.

    /work/venv-peers/bin/python Experiments/peers/aihwkit/mlp_activation_accuracy.py Experiments/datasets/mnist Experiments/peers/aihwkit
"""

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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mlp_accuracy as base  # noqa: E402

NAME = "mlp-256-tanh"


def model():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.Tanh(), nn.Linear(256, 10))


def train(images, labels):
    torch.manual_seed(1)
    net = model()
    optimizer = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4)
    steps = base.EPOCHS * ((len(images) + 63) // 64)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, steps)
    loss = nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(1)
    for _ in range(base.EPOCHS):
        order = torch.randperm(len(images), generator=generator)
        for start in range(0, len(images), 64):
            batch = order[start:start + 64]
            optimizer.zero_grad()
            loss(net(images[batch]), labels[batch]).backward()
            optimizer.step()
            schedule.step()
    return net


def to_onnx(net, path):
    first, second = net[1], net[3]
    initializers = [numpy_helper.from_array(first.weight.detach().numpy().T.astype(np.float32).copy(), "fc1.weight"),
                    numpy_helper.from_array(first.bias.detach().numpy().astype(np.float32), "fc1.bias"),
                    numpy_helper.from_array(second.weight.detach().numpy().T.astype(np.float32).copy(), "fc2.weight"),
                    numpy_helper.from_array(second.bias.detach().numpy().astype(np.float32), "fc2.bias")]
    nodes = [helper.make_node("Flatten", ["input"], ["flatten"], axis=1),
             helper.make_node("Gemm", ["flatten", "fc1.weight", "fc1.bias"], ["fc1"], transB=0),
             helper.make_node("Tanh", ["fc1"], ["tanh1"]),
             helper.make_node("Gemm", ["tanh1", "fc2.weight", "fc2.bias"], ["fc2"], transB=0)]
    graph = helper.make_graph(
        nodes, "mlp", [helper.make_tensor_value_info("input", onnx.TensorProto.FLOAT, ["N", 1, 28, 28])],
        [helper.make_tensor_value_info("fc2", onnx.TensorProto.FLOAT, ["N", 10])], initializers)
    proto = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="mlp_activation_accuracy.py")
    onnx.checker.check_model(proto)
    onnx.save(proto, path)


def main():
    data, out = sys.argv[1], sys.argv[2]
    torch.set_num_threads(2)
    train_images, train_labels = base.load_mnist(data, "train")
    test_images, test_labels = base.load_mnist(data, "t10k")
    path = os.path.join(out, NAME + ".onnx")
    net = train(train_images, train_labels)
    to_onnx(net, path)
    net.eval()
    entry = {"network": NAME, "file": path, "floatAccuracyPercent": base.accuracy(net, test_images, test_labels),
             "seeds": base.SEEDS, "times": []}
    per_time = {t: [] for t in base.TIMES}
    for seed in base.SEEDS:
        torch.manual_seed(seed)
        analog = convert_to_analog(net, base.rpu_config())
        analog.eval()
        analog.program_analog_weights()
        for t in base.TIMES:
            analog.drift_analog_weights(t)
            per_time[t].append(base.accuracy(analog, test_images, test_labels))
            print(NAME, seed, t, per_time[t][-1], flush=True)
    for t in base.TIMES:
        entry["times"].append({"inferenceSeconds": t, "accuracyPercent": per_time[t],
                               "meanAccuracyPercent": float(np.mean(per_time[t]))})
    fixture = {"aihwkit": aihwkit.__version__, "torch": torch.__version__,
               "script": "Experiments/peers/aihwkit/mlp_activation_accuracy.py",
               "dataset": "MNIST test set, 10,000 images, pixels byte/255",
               "trainedNetworks": f"{base.EPOCHS} epochs, seed 1, SGD momentum 0.9, batch 64, lr 0.05 cosine, weight decay 5e-4",
               "rpuConfig": str(base.rpu_config()), "networks": [entry]}
    with open(os.path.join(out, "aihwkit-mlp-activation-accuracy.json"), "w") as handle:
        json.dump(fixture, handle, indent=2)
        handle.write("\n")


if __name__ == "__main__":
    main()
