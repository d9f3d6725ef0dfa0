"""Cross-checks the bundled models with onnxruntime (developer machine only; Crossbar itself needs
no Python). Prints each model's accuracy on the 10,000 MNIST test images, to compare with
`crossbar eval --network <name>` (float accuracy).

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install onnx onnxruntime numpy
    /tmp/venv/bin/python Experiments/models/check_with_onnxruntime.py
"""
import gzip
import pathlib

import numpy as np
import onnx
import onnxruntime

here = pathlib.Path(__file__).resolve().parent
mnist = here.parent / "datasets" / "mnist"
images = np.frombuffer(gzip.open(mnist / "t10k-images-idx3-ubyte.gz").read()[16:], np.uint8)
images = images.reshape(-1, 1, 28, 28).astype(np.float32) / 255
labels = np.frombuffer(gzip.open(mnist / "t10k-labels-idx1-ubyte.gz").read()[8:], np.uint8)

for name in ["mlp", "lenet5"]:
    path = here / f"{name}.onnx"
    onnx.checker.check_model(onnx.load(path), full_check=True)
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    logits = session.run(None, {session.get_inputs()[0].name: images})[0]
    accuracy = (logits.argmax(1) == labels).mean()
    print(f"{name}: onnxruntime {onnxruntime.__version__} accuracy {accuracy * 100:.2f} % on {len(labels)} test images")
