# Exports the random-weight torchvision classifiers and the 16-image NPY dataset check_run_side.py was run on (outside the repository: /work/tv-models).
import torch, torchvision, numpy as np, os
torch.manual_seed(0)
out = "/work/tv-models"
for name in ["squeezenet1_1", "mobilenet_v2", "mobilenet_v3_small", "resnet18", "shufflenet_v2_x0_5", "googlenet"]:
    kwargs = {"aux_logits": False, "init_weights": True} if name == "googlenet" else {}
    m = getattr(torchvision.models, name)(weights=None, **kwargs).eval()
    x = torch.randn(1, 3, 224, 224)
    torch.onnx.export(m, x, f"{out}/{name}.onnx", opset_version=17, dynamo=False)
    print(name, flush=True)
os.makedirs(f"{out}/data", exist_ok=True)
rng = np.random.default_rng(1)
np.save(f"{out}/data/images.npy", rng.integers(0, 256, size=(16, 3, 224, 224), dtype=np.uint8))
np.save(f"{out}/data/labels.npy", rng.integers(0, 1000, size=16).astype(np.int64))
import json
json.dump({"mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}, open(f"{out}/data/normalization.json", "w"))
