"""Every field of the InferenceRPUConfig that mlp_accuracy.py uses, defaults included, as JSON.

`str(InferenceRPUConfig)` (what aihwkit-mlp-accuracy.json records) lists only the fields that
differ from their defaults; this prints all of them, recursively through aihwkit's parameter
dataclasses (enums by name, other objects by their `str`), so the reference configuration
is on record in full.

Run (from the repository root, with torch 2.10.0 and aihwkit 1.1.0 installed):
    python Experiments/peers/aihwkit/rpu_config_dump.py > Experiments/peers/aihwkit/aihwkit-rpu-config.json
"""

import dataclasses
import enum
import json
import os
import sys

import aihwkit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mlp_accuracy import rpu_config  # noqa: E402


def fields(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"type": type(value).__name__,
                **{f.name: fields(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [fields(item) for item in value]
    if isinstance(value, dict):
        return {str(key): fields(item) for key, item in value.items()}
    return str(value)


if __name__ == "__main__":
    json.dump({"aihwkit": aihwkit.__version__, "script": "Experiments/peers/aihwkit/rpu_config_dump.py",
               "rpuConfig": fields(rpu_config())}, sys.stdout, indent=2)
    print()
