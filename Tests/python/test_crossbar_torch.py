"""End-to-end test of Sources/python/crossbar_torch.py against the built release binary.

Run by .ci/run where python3 and numpy exist (`python3 -m unittest discover -s Tests/python`);
the Swift tests never need Python. The PyTorch case runs only where torch is installed.
"""

import sys
import unittest
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "Sources" / "python"))
import crossbar_torch as xb  # noqa: E402


class CrossbarTorchTests(unittest.TestCase):
    def test_evaluate_arrays_on_a_bundled_network_returns_logits(self):
        rng = np.random.default_rng(1)
        images = rng.integers(0, 256, size=(12, 1, 28, 28), dtype=np.uint8)
        labels = rng.integers(0, 10, size=12)
        report = xb.evaluate("mlp", images, labels, save_logits=True)
        self.assertEqual(report["images"], 12)
        self.assertEqual(report["logits"]["float"].shape, (12, 10))
        self.assertEqual(report["logits"]["digital"].shape, (12, 10))
        predictions = report["logits"]["float"].argmax(axis=1)
        self.assertAlmostEqual(report["accuracy"]["float"], float(np.mean(predictions == labels)), places=9)

    def test_a_bad_option_raises_with_the_usage_exit_code(self):
        images = np.zeros((2, 1, 28, 28), dtype=np.float32)
        with self.assertRaises(xb.CrossbarError) as raised:
            xb.evaluate("mlp", images, [0, 1], images=0)
        self.assertEqual(raised.exception.exit_code, 2)

    def test_a_torch_module_exports_and_matches_pytorch(self):
        try:
            import torch
        except ImportError:
            self.skipTest("torch is not installed")
        torch.manual_seed(0)
        model = torch.nn.Sequential(
            torch.nn.Conv2d(3, 8, 3, padding=1), torch.nn.ReLU(), torch.nn.AdaptiveAvgPool2d(1),
            torch.nn.Flatten(), torch.nn.Linear(8, 10))
        images, labels = torch.rand(16, 3, 16, 16), torch.randint(0, 10, (16,))
        report = xb.evaluate(model, images, labels, save_logits=True)
        with torch.no_grad():
            expected = model(images).numpy()
        error = np.abs(report["logits"]["float"] - expected).max() / np.abs(expected).max()
        self.assertLess(error, 1e-4)


if __name__ == "__main__":
    unittest.main()
