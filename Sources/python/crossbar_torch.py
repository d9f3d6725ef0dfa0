"""Run a PyTorch model on a simulated crossbar accelerator with the ``crossbar`` command-line tool.

A small bridge for researchers who live in Python: it exports a ``torch.nn.Module`` to ONNX and a
dataset to NPY files in a temporary folder, calls the built ``crossbar`` binary (``run``, ``eval``,
``map``, ``cost``, ``sweep``) and returns the tool's JSON as a ``dict`` (a ``pandas.DataFrame`` for
sweeps when pandas is installed). It adds no dependency to Crossbar itself: numpy is required,
torch only to export a module (an ONNX file path works without it).

Example, next to aihwkit's ``convert_to_analog`` habit::

    import crossbar_torch as xb
    report = xb.run(model, test_images, test_labels, device="pcm", arch="isaac", images=1000)
    print(report["accuracy"])            # {'analog': ..., 'digital': ..., 'float': ...}
    costs = xb.cost(model, input_shape=(3, 32, 32), arch="isaac")

The binary is found, in this order, from the ``binary=`` argument, the ``CROSSBAR_BIN`` environment
variable, ``.build/release/crossbar`` of the Crossbar checkout this file lives in, and ``crossbar``
on ``PATH``. Errors of the tool are raised as :class:`CrossbarError` with its exit code and message.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any, Iterable, Mapping

import numpy as np

__all__ = ["CrossbarError", "find_binary", "export_model", "export_dataset", "run", "evaluate", "map", "cost", "sweep"]

#: The ONNX opset the exports use; Crossbar imports opsets 11–18.
DEFAULT_OPSET = 17


class CrossbarError(RuntimeError):
    """The ``crossbar`` tool exited non-zero: ``exit_code`` 2 is a usage error, 1 a runtime one."""

    def __init__(self, command: list[str], exit_code: int, message: str):
        super().__init__(f"crossbar exited with {exit_code}: {message.strip()}")
        self.command = command
        self.exit_code = exit_code
        self.message = message


def find_binary(binary: str | os.PathLike | None = None) -> str:
    """The ``crossbar`` executable to call (see the module documentation for the search order)."""
    candidates = [binary, os.environ.get("CROSSBAR_BIN"), Path(__file__).resolve().parents[2] / ".build/release/crossbar"]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    on_path = shutil.which("crossbar")
    if on_path:
        return on_path
    raise FileNotFoundError(
        "no crossbar binary: build it with 'swift build -c release --product crossbar' in the Crossbar "
        "checkout, or set CROSSBAR_BIN or pass binary=")


def export_model(model: Any, input_shape: Iterable[int], path: str | os.PathLike, opset: int = DEFAULT_OPSET) -> Path:
    """Writes ``model`` as ONNX to ``path`` and returns the path.

    ``model`` is a ``torch.nn.Module`` (exported in eval mode with a batch dimension that may vary,
    for one sample of ``input_shape``, e.g. ``(3, 224, 224)``) or the path of an ONNX file (copied).
    """
    path = Path(path)
    if isinstance(model, (str, os.PathLike)):
        shutil.copyfile(model, path)
        return path
    import torch  # only needed to export a module

    was_training = model.training
    model.eval()
    try:
        example = torch.zeros((1, *tuple(input_shape)), dtype=torch.float32)
        torch.onnx.export(
            model, (example,), str(path), opset_version=opset, dynamo=False,
            input_names=["input"], output_names=["logits"],
            dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    finally:
        model.train(was_training)
    return path


def _as_array(data: Any) -> np.ndarray:
    """A numpy array of a numpy array, a torch tensor or anything ``np.asarray`` takes."""
    if hasattr(data, "detach"):
        data = data.detach().cpu().numpy()
    return np.asarray(data)


def _dataset_arrays(data: Any, labels: Any | None) -> tuple[np.ndarray, np.ndarray]:
    """Images ``N×C×H×W`` and labels ``N`` from arrays, tensors or a ``torch.utils.data.Dataset``."""
    if labels is None:
        if not hasattr(data, "__getitem__") or not hasattr(data, "__len__"):
            raise TypeError("pass labels=, or a dataset whose items are (image, label) pairs")
        pairs = [data[index] for index in range(len(data))]
        images = np.stack([_as_array(image) for image, _ in pairs])
        labels_array = np.asarray([int(_as_array(label)) for _, label in pairs])
    else:
        images = _as_array(data)
        labels_array = _as_array(labels)
    if images.ndim == 3:
        images = images[:, None, :, :]
    if images.ndim != 4:
        raise ValueError(f"images must be N×C×H×W (or N×H×W), got shape {images.shape}")
    if labels_array.ndim != 1 or labels_array.shape[0] != images.shape[0]:
        raise ValueError(f"labels must be one integer per image: {images.shape[0]} images, labels shape {labels_array.shape}")
    if images.dtype != np.uint8:
        images = images.astype(np.float32)
    return np.ascontiguousarray(images), labels_array.astype(np.int64)


def export_dataset(data: Any, labels: Any | None, folder: str | os.PathLike,
                   mean: Iterable[float] | None = None, std: Iterable[float] | None = None) -> Path:
    """Writes ``images.npy`` (``uint8`` or ``float32``) and ``labels.npy`` (``int64``) into ``folder``.

    ``mean``/``std`` (per channel, for ``uint8`` images scaled to [0, 1] first) go to
    ``normalization.json`` beside them, which Crossbar applies when it reads the images.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    images, labels_array = _dataset_arrays(data, labels)
    np.save(folder / "images.npy", images)
    np.save(folder / "labels.npy", labels_array)
    if mean is not None or std is not None:
        channels = images.shape[1]
        normalization = {"mean": list(mean or [0.0] * channels), "std": list(std or [1.0] * channels)}
        (folder / "normalization.json").write_text(json.dumps(normalization))
    return folder


def _flags(options: Mapping[str, Any]) -> list[str]:
    """Command-line flags of keyword options: ``adc_bits=6`` → ``--adc-bits 6``; ``set={"k": v}`` → ``--set k=v``."""
    flags: list[str] = []
    for key, value in options.items():
        if value is None or value is False:
            continue
        if key == "set":
            for path, setting in dict(value).items():
                flags += ["--set", f"{path}={json.dumps(setting) if not isinstance(setting, str) else setting}"]
            continue
        flag = "--" + key.replace("_", "-")
        flags += [flag] if value is True else [flag, str(value)]
    return flags


def _call(arguments: list[str], binary: str | None) -> dict:
    """Runs ``crossbar ARGUMENTS --json`` and returns its JSON."""
    command = [find_binary(binary), *arguments, "--json"]
    completed = subprocess.run(command, capture_output=True, text=True)
    if completed.returncode != 0:
        raise CrossbarError(command, completed.returncode, completed.stderr or completed.stdout)
    return json.loads(completed.stdout)


def _with_model_and_data(subcommand: str, model: Any, data: Any, labels: Any | None,
                         binary: str | None, options: Mapping[str, Any]) -> dict:
    """Exports the model and the data to a temporary folder and runs ``subcommand`` on them."""
    with tempfile.TemporaryDirectory(prefix="crossbar-") as scratch:
        scratch_path = Path(scratch)
        arguments = [subcommand]
        if data is not None:
            folder = export_dataset(data, labels, scratch_path / "data",
                                    options.pop("mean", None), options.pop("std", None))
            arguments += ["--dataset", str(folder)]
            input_shape = np.load(folder / "images.npy", mmap_mode="r").shape[1:]
        else:
            input_shape = options.pop("input_shape", None)
        if isinstance(model, str) and not Path(model).suffix:
            arguments += ["--network", model]  # a bundled or zoo network by name
        else:
            if input_shape is None and not isinstance(model, (str, os.PathLike)):
                raise ValueError("pass input_shape= (one sample, e.g. (3, 224, 224)) to export a module without data")
            arguments += ["--network", str(export_model(model, input_shape or (), scratch_path / "model.onnx"))]
        save_logits = options.pop("save_logits", None)
        result = _call(arguments + _flags(options) + (["--save-logits", str(scratch_path / "logits")] if save_logits else []), binary)
        if save_logits:
            result["logits"] = {path.stem: np.load(path) for path in sorted((scratch_path / "logits").glob("*.npy"))}
        return result


def run(model: Any, data: Any = None, labels: Any = None, *, binary: str | None = None, **options: Any) -> dict:
    """``crossbar run``: the model on a simulated chip; accuracy, energy, latency, area (its ``--json``).

    ``options`` are ``crossbar run``'s (``device="pcm"``, ``arch="isaac"``, ``images=1000``,
    ``adc_bits=6``, ``set={"driftCompensation": True}``, ...). ``save_logits=True`` adds the
    float, digital and analog logits as numpy arrays under ``"logits"``.
    """
    return _with_model_and_data("run", model, data, labels, binary, dict(options))


def evaluate(model: Any, data: Any = None, labels: Any = None, *, binary: str | None = None, **options: Any) -> dict:
    """``crossbar eval``: float and integer (digital baseline) accuracy of the model on the data."""
    return _with_model_and_data("eval", model, data, labels, binary, dict(options))


def map(model: Any, input_shape: Iterable[int] | None = None, *, binary: str | None = None, **options: Any) -> dict:  # noqa: A001
    """``crossbar map``: how the model's matrix layers place on the architecture's arrays and tiles."""
    return _with_model_and_data("map", model, None, None, binary, dict(options, input_shape=input_shape))


def cost(model: Any, input_shape: Iterable[int] | None = None, *, binary: str | None = None, **options: Any) -> dict:
    """``crossbar cost``: the chip's energy, latency and area for the model."""
    return _with_model_and_data("cost", model, None, None, binary, dict(options, input_shape=input_shape))


def sweep(spec: str | os.PathLike, out: str | os.PathLike | None = None, *, binary: str | None = None, **options: Any):
    """``crossbar sweep SPEC``: runs an experiment; returns its results (``results.jsonl``) as a
    ``pandas.DataFrame`` of flattened records when pandas is installed, else as a list of dicts."""
    with tempfile.TemporaryDirectory(prefix="crossbar-sweep-") as scratch:
        folder = Path(out) if out is not None else Path(scratch) / "results"
        _call(["sweep", str(spec), "--out", str(folder), *_flags(options)], binary)
        records = [json.loads(line) for line in (folder / "results.jsonl").read_text().splitlines() if line.strip()]
    try:
        import pandas
    except ImportError:
        return records
    return pandas.json_normalize(records)
