"""Makes the torchvision-structure fixtures of Tests/NetworkTests/Fixtures/blocks (documentation of
how they were made; the Swift tests read the committed files and need no Python).

Run from this folder with a virtual environment outside the repository holding torch (2.10, CPU),
onnx (1.23) and onnxruntime (1.32):
    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install torch onnx onnxruntime onnxscript
    /tmp/venv/bin/python make_block_fixtures.py

Each block is a tiny network (3x16x16 inputs, a few channels) with the structure of a torchvision
classifier: MobileNetV2's depthwise-separable block with ReLU6, an Inception block with Concat, a
MobileNetV3 squeeze-excite block with HardSwish/HardSigmoid, ceil-mode pools, a ResNet block, a
ShuffleNetV2 channel shuffle (Reshape/Transpose, chunk), input normalisation (Sub/Div), a dilated
and asymmetrically padded convolution, a tanh/sigmoid/leaky-ReLU head and an explicit Pad. Each is
exported by the TorchScript exporter (dynamo=False) at several opsets with constant folding on and
off, as blocks/<name>_op<opset>[_nofold].onnx, with blocks/<name>.input.npy (the batch, float32
N×3×16×16) and blocks/<name>_op<opset>[_nofold].logits.npy (onnxruntime's output, float32
N×classes). onnxruntime is checked against PyTorch before writing.
"""
import numpy as np
import onnxruntime
import torch
import torch.nn.functional as F
from torch import nn

torch.manual_seed(13)
IMAGES = 3


def conv_bn(cin, cout, k=3, stride=1, groups=1, act=nn.ReLU):
    return nn.Sequential(nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups, bias=False), nn.BatchNorm2d(cout), act())


class Head(nn.Module):
    def __init__(self, channels, classes=5):
        super().__init__()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(channels, classes)

    def forward(self, x):
        return self.fc(torch.flatten(self.pool(x), 1))


class DepthwiseSeparable(nn.Module):
    """MobileNetV2 inverted residual: 1x1 expand, ReLU6, 3x3 depthwise, ReLU6, 1x1 project, residual."""

    def __init__(self):
        super().__init__()
        self.stem = conv_bn(3, 8, stride=2, act=nn.ReLU6)
        self.expand = conv_bn(8, 24, k=1, act=nn.ReLU6)
        self.depthwise = conv_bn(24, 24, groups=24, act=nn.ReLU6)
        self.project = nn.Sequential(nn.Conv2d(24, 8, 1, bias=False), nn.BatchNorm2d(8))
        self.grouped = conv_bn(8, 12, groups=4)
        self.head = Head(12)

    def forward(self, x):
        x = self.stem(x)
        x = x + self.project(self.depthwise(self.expand(x)))
        return self.head(self.grouped(x))


class Inception(nn.Module):
    """GoogLeNet: ceil-mode max pool, four branches (1x1; 1x1-3x3; 1x1-5x5 as 3x3; pool-1x1), Concat."""

    def __init__(self):
        super().__init__()
        self.stem = conv_bn(3, 8)
        self.pool = nn.MaxPool2d(3, 2, ceil_mode=True)
        self.b1 = conv_bn(8, 4, k=1)
        self.b2 = nn.Sequential(conv_bn(8, 4, k=1), conv_bn(4, 6))
        self.b3 = nn.Sequential(conv_bn(8, 2, k=1), conv_bn(2, 4))
        self.b4 = nn.Sequential(nn.MaxPool2d(3, 1, 1, ceil_mode=True), conv_bn(8, 4, k=1))
        self.head = Head(18)

    def forward(self, x):
        x = self.pool(self.stem(x))
        return self.head(torch.cat([self.b1(x), self.b2(x), self.b3(x), self.b4(x)], 1))


class SqueezeExcite(nn.Module):
    """MobileNetV3: HardSwish convs, depthwise, squeeze-excite (avg pool, 1x1, ReLU, 1x1, HardSigmoid, Mul)."""

    def __init__(self):
        super().__init__()
        self.stem = conv_bn(3, 8, stride=2, act=nn.Hardswish)
        self.depthwise = conv_bn(8, 8, groups=8, act=nn.Hardswish)
        self.fc1 = nn.Conv2d(8, 4, 1)
        self.fc2 = nn.Conv2d(4, 8, 1)
        self.project = conv_bn(8, 16, k=1, act=nn.Hardswish)
        self.classifier = nn.Sequential(nn.Linear(16, 12), nn.Hardswish(), nn.Dropout(0.2), nn.Linear(12, 5))

    def forward(self, x):
        x = self.depthwise(self.stem(x))
        scale = F.hardsigmoid(self.fc2(F.relu(self.fc1(F.adaptive_avg_pool2d(x, 1)))))
        x = self.project(x * scale)
        return self.classifier(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


class CeilPools(nn.Module):
    """SqueezeNet-style ceil-mode max pool, a ceil-mode average pool without padding counted, Concat (fire)."""

    def __init__(self):
        super().__init__()
        self.stem = conv_bn(3, 8)
        self.squeeze = conv_bn(8, 4, k=1)
        self.e1 = conv_bn(4, 6, k=1)
        self.e3 = conv_bn(4, 6)
        self.final = nn.Conv2d(12, 5, 1)

    def forward(self, x):
        x = F.max_pool2d(self.stem(x), 3, 2, ceil_mode=True)
        x = self.squeeze(x)
        x = torch.cat([self.e1(x), self.e3(x)], 1)
        x = F.avg_pool2d(x, 2, 2, padding=1, ceil_mode=True, count_include_pad=False)
        return torch.flatten(F.adaptive_avg_pool2d(F.relu(self.final(x)), 1), 1)


class Residual(nn.Module):
    """ResNet basic blocks: 7x7 stem, max pool, identity block, strided block with a 1x1 downsample."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 7, 2, 3, bias=False), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(3, 2, 1))
        self.a = nn.Sequential(conv_bn(8, 8), nn.Conv2d(8, 8, 3, 1, 1, bias=False), nn.BatchNorm2d(8))
        self.b = nn.Sequential(conv_bn(8, 16, stride=2), nn.Conv2d(16, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16))
        self.down = nn.Sequential(nn.Conv2d(8, 16, 1, 2, bias=False), nn.BatchNorm2d(16))
        self.head = Head(16)

    def forward(self, x):
        x = self.stem(x)
        x = F.relu(x + self.a(x))
        x = F.relu(self.down(x) + self.b(x))
        return self.head(x)


def shuffle(x, groups):
    b, c, h, w = x.size()
    x = x.view(b, groups, c // groups, h, w)
    x = torch.transpose(x, 1, 2).contiguous()
    return x.view(b, -1, h, w)


class ChannelShuffle(nn.Module):
    """ShuffleNetV2 unit: chunk (Split/Slice), branch, Concat, channel shuffle, mean over H, W (ReduceMean)."""

    def __init__(self):
        super().__init__()
        self.stem = conv_bn(3, 8, stride=2)
        self.branch = nn.Sequential(conv_bn(4, 4, k=1), nn.Conv2d(4, 4, 3, 1, 1, groups=4, bias=False), nn.BatchNorm2d(4), conv_bn(4, 4, k=1))
        self.fc = nn.Linear(8, 5)

    def forward(self, x):
        x = self.stem(x)
        left, right = x.chunk(2, dim=1)
        x = shuffle(torch.cat((left, self.branch(right)), 1), 2)
        return self.fc(x.mean([2, 3]))


class Normalised(nn.Module):
    """Input normalisation (x − mean) / std with [3, 1, 1] constants, a flatten by view(size(0), −1)."""

    def __init__(self):
        super().__init__()
        self.register_buffer("mean", torch.tensor([0.485, 0.456, 0.406]).view(3, 1, 1))
        self.register_buffer("std", torch.tensor([0.229, 0.224, 0.225]).view(3, 1, 1))
        self.features = nn.Sequential(conv_bn(3, 6, stride=2), nn.MaxPool2d(2))
        self.fc = nn.Linear(6 * 4 * 4, 5)

    def forward(self, x):
        x = self.features((x - self.mean) / self.std)
        return self.fc(x.view(x.size(0), -1))


class Activations(nn.Module):
    """A dilated convolution with asymmetric explicit padding (F.pad), Tanh, Sigmoid, LeakyReLU, SiLU, 1 − x."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 6, 3, dilation=2)
        self.conv2 = nn.Conv2d(6, 6, 3, stride=2, padding=1)
        self.fc = nn.Linear(6, 5)

    def forward(self, x):
        x = torch.tanh(self.conv(F.pad(x, (1, 2, 2, 1))))
        x = F.leaky_relu(self.conv2(x), 0.1)
        x = F.silu(x) + (1 - torch.sigmoid(x))
        return self.fc(x.mean([2, 3]))


BLOCKS = {
    "depthwise": DepthwiseSeparable, "inception": Inception, "squeeze_excite": SqueezeExcite, "ceil_pools": CeilPools,
    "residual": Residual, "shuffle": ChannelShuffle, "normalised": Normalised, "activations": Activations,
}
OPSETS = [11, 13, 17, 18]


def randomise_batch_norms(model):
    """Non-trivial running statistics, so that folding BatchNorm is really exercised."""
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            module.running_mean.uniform_(-0.2, 0.2)
            module.running_var.uniform_(0.5, 1.5)
            module.weight.data.uniform_(0.5, 1.5)
            module.bias.data.uniform_(-0.2, 0.2)


def main():
    for name, make in BLOCKS.items():
        model = make()
        randomise_batch_norms(model)
        model.eval()
        x = torch.rand(IMAGES, 3, 16, 16)
        np.save(f"blocks/{name}.input.npy", x.numpy())
        with torch.no_grad():
            expected = model(x).numpy()
        for opset in OPSETS:
            for fold in (True, False):
                stem = f"blocks/{name}_op{opset}" + ("" if fold else "_nofold")
                torch.onnx.export(
                    model, (x,), stem + ".onnx", opset_version=opset, do_constant_folding=fold, dynamo=False,
                    input_names=["input"], output_names=["logits"])
                session = onnxruntime.InferenceSession(stem + ".onnx")
                logits = session.run(None, {"input": x.numpy()})[0]
                assert np.abs(logits - expected).max() <= 1e-4 * np.abs(expected).max(), (stem, np.abs(logits - expected).max())
                np.save(stem + ".logits.npy", logits.astype(np.float32))


if __name__ == "__main__":
    main()
