"""Conductance statistics of IBM aihwkit 1.1.0's inference noise models, printed as fixtures.

For PCMLikeNoiseModel(g_max=25) and ReRamWan2022NoiseModel(g_max=40) this programs 200,000
cells at each of six target conductances with the models' own conductance-level methods
(`apply_programming_noise_to_conductance`, `generate_drift_coefficients`,
`apply_drift_noise_to_conductance`: the calls `program_weights`/`drift_weights` make for every
conductance slice) and reports, per target and time, the sample mean and standard deviation
(ddof = 1, computed in float64 from aihwkit's float32 tensors):

- `programmed`: after programming;
- per time: `drifted` (PCM only: drift without read noise, the same call on a copy of the model
  with read_noise_scale = 0 and the same drift coefficients) and `read` (what
  `apply_drift_noise_to_conductance` returns: drift plus one draw of the accumulated 1/f read
  noise for PCM; a fresh draw from the time's fit around the target for ReRAM).

Times are aihwkit's `t_inference`, seconds after programming completed; PCMLikeNoiseModel
evaluates its drift and 1/f formulas at t = t_inference + t_0 (t_0 = 20 s).
Conductances are in µS, as aihwkit uses them. Torch seed 2024, one generator for everything, float32.

Run (from the repository root, with torch 2.10.0 and aihwkit 1.1.0 installed):
    python Experiments/peers/aihwkit/device_statistics.py Tests/DeviceTests/Fixtures
"""

import json
import sys
from copy import deepcopy

import numpy as np
import torch
import aihwkit
from aihwkit.inference.noise.pcm import PCMLikeNoiseModel
from aihwkit.inference.noise.reram import ReRamWan2022NoiseModel

CELLS = 200_000
SEED = 2024


def summary(tensor):
    values = tensor.detach().to(torch.float64).numpy()
    return {"mean": float(values.mean()), "standardDeviation": float(values.std(ddof=1))}


def pcm_statistics():
    model = PCMLikeNoiseModel(g_max=25.0)
    quiet = deepcopy(model)
    quiet.read_noise_scale = 0.0
    targets = [1.25, 2.5, 5.0, 10.0, 15.0, 25.0]
    times = [20.0, 3600.0, 86400.0, 31536000.0]
    rows = []
    for target in targets:
        g_target = torch.full((CELLS,), target)
        g_prog = model.apply_programming_noise_to_conductance(g_target)
        nu = model.generate_drift_coefficients(g_target)
        entry = {"targetMicrosiemens": target, "programmed": summary(g_prog), "times": []}
        for t in times:
            drifted = quiet.apply_drift_noise_to_conductance(g_prog, nu, t)
            read = model.apply_drift_noise_to_conductance(g_prog, nu, t)
            entry["times"].append({"inferenceSeconds": t, "drifted": summary(drifted), "read": summary(read)})
        rows.append(entry)
    return {
        "model": "PCMLikeNoiseModel(g_max=25.0)",
        "settings": {"g_max": model.g_max, "t_0": model.t_0, "t_read": model.t_read,
                     "prog_coeff": model.prog_coeff,
                     "prog_coeff_g_max_reference": model.prog_coeff_g_max_reference},
        "targets": rows,
    }


def reram_statistics():
    model = ReRamWan2022NoiseModel(g_max=40.0)
    targets = [2.0, 4.0, 8.0, 16.0, 24.0, 40.0]
    times = sorted(model.coeff_dic.keys())
    rows = []
    for target in targets:
        g_target = torch.full((CELLS,), target)
        g_prog = model.apply_programming_noise_to_conductance(g_target)
        coefficients = model.generate_drift_coefficients(g_target)
        entry = {"targetMicrosiemens": target, "programmed": summary(g_prog), "times": []}
        for t in times:
            read = model.apply_drift_noise_to_conductance(g_prog, coefficients, t)
            entry["times"].append({"inferenceSeconds": t, "read": summary(read)})
        rows.append(entry)
    return {
        "model": "ReRamWan2022NoiseModel(g_max=40.0)",
        "settings": {"g_max": model.g_max, "coeff_dic": {str(k): v for k, v in model.coeff_dic.items()},
                     "coeff_g_max_reference": model.coeff_g_max_reference},
        "targets": rows,
    }


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "."
    torch.manual_seed(SEED)
    common = {"aihwkit": aihwkit.__version__, "torch": torch.__version__, "cells": CELLS, "seed": SEED,
              "unit": "microsiemens", "standardDeviation": "sample, ddof = 1",
              "script": "Experiments/peers/aihwkit/device_statistics.py"}
    for name, result in [("aihwkit-pcm-statistics.json", pcm_statistics()),
                         ("aihwkit-reram-statistics.json", reram_statistics())]:
        with open(f"{folder}/{name}", "w") as handle:
            json.dump({**common, **result}, handle, indent=2)
            handle.write("\n")
        print("wrote", f"{folder}/{name}")


if __name__ == "__main__":
    main()
