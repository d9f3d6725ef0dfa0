"""Exports torchvision classifiers with random weights (weights=None) at 3×224×224 and writes, for
each, <name>.onnx, <name>.input.npy (a fixed batch, float32 N×3×224×224) and <name>.logits.npy
(onnxruntime's output), to check Crossbar's import against onnxruntime:

    python3 check_torchvision.py /work/tv-models [opset] [model ...]
    crossbar eval --network /work/tv-models/<name>.onnx ... (or the Swift check of the README)

The ONNX files are large (5–550 MB): keep them out of the repository. Needs torch, torchvision,
onnx and onnxruntime in a virtual environment outside the repository.
"""
import sys

import numpy as np
import onnxruntime
import torch
import torchvision

MODELS = {
    "squeezenet1_1": {}, "mobilenet_v2": {}, "mobilenet_v3_small": {}, "resnet18": {}, "shufflenet_v2_x0_5": {},
    "googlenet": {"aux_logits": False, "init_weights": True}, "efficientnet_b0": {}, "densenet121": {},
    "regnet_x_400mf": {}, "mnasnet0_5": {}, "alexnet": {}, "vgg11": {},
}


def main():
    folder = sys.argv[1]
    opset = int(sys.argv[2]) if len(sys.argv) > 2 else 17
    names = sys.argv[3:] or list(MODELS)
    torch.manual_seed(0)
    x = torch.rand(2, 3, 224, 224)
    for name in names:
        model = getattr(torchvision.models, name)(weights=None, **MODELS[name]).eval()
        stem = f"{folder}/{name}"
        torch.onnx.export(model, (x,), stem + ".onnx", opset_version=opset, dynamo=False, input_names=["input"], output_names=["logits"])
        logits = onnxruntime.InferenceSession(stem + ".onnx").run(None, {"input": x.numpy()})[0]
        with torch.no_grad():
            expected = model(x).numpy()
        print(name, "onnxruntime vs PyTorch:", float(np.abs(logits - expected).max() / np.abs(expected).max()), flush=True)
        np.save(stem + ".input.npy", x.numpy())
        np.save(stem + ".logits.npy", logits.astype(np.float32))


if __name__ == "__main__":
    main()
