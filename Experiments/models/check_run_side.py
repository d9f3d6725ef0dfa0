"""Checks the run side of issue 13 against counts and runs that do not come from Crossbar.

For every ONNX file given:
  1. weights and multiply-accumulates of its Conv/Gemm/MatMul layers, counted from the graph with
     onnx's shape inference, or onnxruntime where that leaves a shape unknown (weights: elements of the weight tensor, biases excluded; MACs: a Conv
     output element is C_in/group*k_h*k_w, a Gemm/MatMul output is its input size — Sze et al. 2017),
     compared with `crossbar map --network F --json` (totals and per layer);
  2. with --dataset D: `crossbar run --network F --dataset D --device ideal --images N --save-logits`
     must give analog.npy == digital.npy exactly (the ideal chip is the digital baseline bit for bit).

Usage (from the repository, after `swift build -c release`):
  /work/venv-peers/bin/python Experiments/models/check_run_side.py [--dataset D --images N] model.onnx ...
Only for checking; Crossbar itself never runs Python.
"""
import argparse, json, os, subprocess, sys, tempfile
import numpy as np
import onnx
from onnx import shape_inference, numpy_helper

BINARY = os.environ.get("CROSSBAR", os.path.join(os.path.dirname(__file__), "..", "..", ".build", "release", "crossbar"))


def conv_output_shapes(path):
    """Shapes of every Conv output, from running the graph in onnxruntime on a zero input (for
    graphs whose Split/Reshape chains onnx's static shape inference leaves unknown)."""
    import onnxruntime
    model = onnx.load(path)
    known = {o.name for o in model.graph.output}
    for node in model.graph.node:
        if node.op_type == "Conv" and node.output[0] not in known:
            model.graph.output.append(onnx.ValueInfoProto(name=node.output[0]))
    session = onnxruntime.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    feed = {}
    for i in session.get_inputs():
        feed[i.name] = np.zeros([d if isinstance(d, int) else 1 for d in i.shape], dtype=np.float32)
    names = [o.name for o in session.get_outputs()]
    return dict(zip(names, (v.shape for v in session.run(names, feed))))


def counts(path):
    model = shape_inference.infer_shapes(onnx.load(path))
    graph = model.graph
    runtime = None
    inits = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    for node in graph.node:
        if node.op_type == "Constant":
            inits[node.output[0]] = numpy_helper.to_array(node.attribute[0].t)
    shapes = {}
    for v in list(graph.value_info) + list(graph.output) + list(graph.input):
        shapes[v.name] = [d.dim_value for d in v.type.tensor_type.shape.dim]
    layers = []
    for node in graph.node:
        if node.op_type == "Conv":
            w = inits[node.input[1]]
            out = shapes.get(node.output[0], [])
            if len(out) != 4 or min(out) < 1:
                runtime = runtime or conv_output_shapes(path)
                out = runtime[node.output[0]]
            weights = int(w.size)
            layers.append((weights, weights * out[2] * out[3]))
        elif node.op_type in ("Gemm", "MatMul") and node.input[1] in inits:
            w = inits[node.input[1]]
            layers.append((int(w.size), int(w.size)))
    return layers


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("models", nargs="+")
    parser.add_argument("--dataset")
    parser.add_argument("--images", type=int, default=4)
    parser.add_argument("--arch", default="isaac")
    args = parser.parse_args()
    failures = 0
    for path in args.models:
        reference = counts(path)
        mapped = json.loads(subprocess.run(
            [BINARY, "map", "--network", path, "--arch", args.arch, "--json"], check=True, capture_output=True, text=True).stdout)
        ours = [(l["weights"], l["multiplyAccumulates"]) for l in mapped["layers"]]
        same = ours == reference and mapped["weights"] == sum(w for w, _ in reference) \
            and mapped["multiplyAccumulates"] == sum(m for _, m in reference)
        line = (f"{os.path.basename(path)}: {len(reference)} matrix layers, weights {sum(w for w, _ in reference)}, "
                f"MACs {sum(m for _, m in reference)} (onnx/onnxruntime); map {'equal' if same else 'DIFFERS'}")
        failures += not same
        if args.dataset:
            with tempfile.TemporaryDirectory() as folder:
                subprocess.run(
                    [BINARY, "run", "--network", path, "--dataset", args.dataset, "--device", "ideal", "--arch", args.arch,
                     "--images", str(args.images), "--save-logits", folder, "--json"], check=True, capture_output=True, text=True)
                analog = np.load(os.path.join(folder, "analog.npy"))
                digital = np.load(os.path.join(folder, "digital.npy"))
                exact = analog.shape == digital.shape and analog.tobytes() == digital.tobytes()
                line += f"; ideal analog.npy {'==' if exact else '!='} digital.npy ({analog.shape[0]}x{analog.shape[1]})"
                failures += not exact
        print(line, flush=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
