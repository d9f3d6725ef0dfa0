"""Makes the ONNX cross-check fixtures of Tests/NetworkTests (documentation of how they were made;
the Swift tests read the committed files and need no Python).

Run from this folder with a virtual environment outside the repository holding torch (the CPU
build; 2.13 was used), onnx (1.23) and onnxruntime (1.32):
    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install torch onnx onnxruntime
    /tmp/venv/bin/python make_fixtures.py

For each model it writes <name>.onnx (exported by PyTorch's TorchScript exporter, opset 13) and
<name>.json: a fixed input batch and onnxruntime's output for it. It checks that onnxruntime agrees
with PyTorch before writing.
"""
import json

import numpy as np
import onnx
import onnxruntime
import torch
from torch import nn


class MLP(nn.Module):
    """784-256-128-10 with ReLU on [N, 784] inputs (a different declared layout from LeNet)."""

    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))

    def forward(self, x):
        return self.layers(x)


class LeNet5(nn.Module):
    """conv 6@5x5 pad 2, ReLU, max pool 2, conv 16@5x5, ReLU, max pool 2, FC 120, 84, 10."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2))
        self.classifier = nn.Sequential(
            nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))

    def forward(self, x):
        return self.classifier(self.features(x))


class ResidualCNN(nn.Module):
    """Conv-BN-ReLU, average pool, stride-2 conv-BN-ReLU, a residual block (conv-BN + skip, ReLU),
    global average pooling and a linear classifier."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.AvgPool2d(2))
        self.down = nn.Sequential(nn.Conv2d(8, 16, 3, stride=2, padding=1), nn.BatchNorm2d(16), nn.ReLU())
        self.block = nn.Sequential(nn.Conv2d(16, 16, 3, padding=1), nn.BatchNorm2d(16))
        self.relu = nn.ReLU()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(16, 10)

    def forward(self, x):
        y = self.down(self.stem(x))
        y = self.relu(self.block(y) + y)
        return self.fc(torch.flatten(self.pool(y), 1))


def randomize_batch_norm(model, generator):
    """Non-trivial running statistics and affine parameters, so that folding is exercised."""
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            n = module.num_features
            module.running_mean.copy_(torch.randn(n, generator=generator) * 0.3)
            module.running_var.copy_(torch.rand(n, generator=generator) * 1.5 + 0.25)
            module.weight.data.copy_(torch.rand(n, generator=generator) + 0.5)
            module.bias.data.copy_(torch.randn(n, generator=generator) * 0.2)


def export(name, model, input_shape, seed):
    generator = torch.Generator().manual_seed(seed)
    randomize_batch_norm(model, generator)
    model.eval()
    inputs = torch.rand(input_shape, generator=generator)
    path = f"{name}.onnx"
    with torch.no_grad():
        expected = model(inputs).numpy()
        # PRESERVE keeps BatchNormalization as its own node (EVAL would fold it into Conv).
        torch.onnx.export(
            model, (inputs,), path, input_names=["input"], output_names=["logits"], opset_version=13,
            dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}}, training=torch.onnx.TrainingMode.PRESERVE,
            do_constant_folding=False, dynamo=False)
    onnx.checker.check_model(onnx.load(path), full_check=True)
    session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
    output = session.run(None, {"input": inputs.numpy()})[0]
    assert np.allclose(output, expected, rtol=1e-4, atol=1e-5), f"{name}: onnxruntime and PyTorch disagree"
    ops = sorted({node.op_type for node in onnx.load(path).graph.node})
    with open(f"{name}.json", "w") as f:
        json.dump({
            "model": path,
            "operators": ops,
            "inputShape": list(inputs.shape),
            "input": [float(v) for v in inputs.numpy().ravel()],
            "outputShape": list(output.shape),
            "output": [float(v) for v in output.ravel()],
        }, f)
    print(f"{name}: operators {ops}, output {output.shape}")


def export_typed_fields(seed):
    """A graph written with onnx.helper rather than PyTorch: initializers in the typed fields
    (float_data, int64_data) instead of raw_data, MatMul with a separate bias Add, Identity,
    Dropout, a Constant shape for Reshape, and Softmax."""
    from onnx import TensorProto, helper

    rng = np.random.default_rng(seed)
    weight = rng.standard_normal((6, 5)).astype(np.float32)
    bias = rng.standard_normal(5).astype(np.float32)
    nodes = [
        helper.make_node("MatMul", ["input", "W"], ["mm"], name="matmul"),
        helper.make_node("Add", ["mm", "b"], ["biased"], name="bias"),
        helper.make_node("Identity", ["biased"], ["same"], name="identity"),
        helper.make_node("Dropout", ["same"], ["kept"], name="dropout"),
        helper.make_node("Constant", [], ["shape"], name="shape_constant", value=helper.make_tensor(
            "shape_value", TensorProto.INT64, [4], [0, 5, 1, 1], raw=False)),
        helper.make_node("Reshape", ["kept", "shape"], ["planes"], name="reshape"),
        helper.make_node("Relu", ["planes"], ["positive"], name="relu"),
        helper.make_node("Flatten", ["positive"], ["flat"], name="flatten", axis=1),
        helper.make_node("Softmax", ["flat"], ["probabilities"], name="softmax", axis=1),
    ]
    graph = helper.make_graph(
        nodes, "typed_fields",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 6])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", 5])],
        initializer=[
            helper.make_tensor("W", TensorProto.FLOAT, [6, 5], weight.ravel().tolist(), raw=False),
            helper.make_tensor("b", TensorProto.FLOAT, [5], bias.tolist(), raw=False),
        ])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], ir_version=7)
    onnx.checker.check_model(model, full_check=True)
    path = "typed_fields.onnx"
    onnx.save(model, path)
    inputs = rng.standard_normal((3, 6)).astype(np.float32)
    session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
    output = session.run(None, {"input": inputs})[0]
    logits = np.maximum(inputs @ weight + bias, 0)
    reference = np.exp(logits - logits.max(1, keepdims=True))
    assert np.allclose(output, reference / reference.sum(1, keepdims=True), rtol=1e-5), "typed_fields: numpy disagrees"
    with open("typed_fields.json", "w") as f:
        json.dump({
            "model": path,
            "operators": sorted({node.op_type for node in nodes}),
            "inputShape": list(inputs.shape),
            "input": [float(v) for v in inputs.ravel()],
            "outputShape": list(output.shape),
            "output": [float(v) for v in output.ravel()],
        }, f)
    print(f"typed_fields: output {output.shape}")


if __name__ == "__main__":
    torch.manual_seed(0)
    export("mlp", MLP(), (4, 784), seed=1)
    export("lenet5", LeNet5(), (4, 1, 28, 28), seed=2)
    export("residual_cnn", ResidualCNN(), (4, 1, 28, 28), seed=3)
    export_typed_fields(seed=4)
