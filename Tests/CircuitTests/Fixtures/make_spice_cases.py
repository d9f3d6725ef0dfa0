#!/usr/bin/env python3
"""Generates the extra ngspice reference crossbars (xbar-ngspice-*.json) used by CircuitTests.

Same topology and JSON format as the shared cases (see README.md in this folder): rows driven at
their left end through one segment, right ends open; columns open at the top, grounded at the
bottom through one more segment into a 0 V sense source; a zero-ohm wire merges its nodes. The
optional `accessTransistorOhms` is a resistor in series with every cell. Cases made with
power=True also record `supplyPowerWatts` (one per input vector): the power the row sources deliver,
-sum_i V_i * i(V_i) (ngspice's source current flows into its + terminal).

Run from this folder: python3 make_spice_cases.py   (needs numpy and ngspice on PATH)
"""
import json, re, subprocess, tempfile
import numpy as np

def netlist(G, volts, rr, rc, access):
    R, C = G.shape
    row = lambda i, j: f"in{i}" if rr == 0 else f"r{i}_{j}"
    col = lambda i, j: f"s{j}" if rc == 0 else f"c{i}_{j}"
    lines = ["crossbar"]
    for i in range(R):
        lines.append(f"V{i} in{i} 0 DC {float(volts[i])!r}")
        if rr > 0:
            lines.append(f"Rrin{i} in{i} r{i}_0 {float(rr)!r}")
            for j in range(C - 1):
                lines.append(f"Rr{i}_{j} r{i}_{j} r{i}_{j+1} {float(rr)!r}")
    for j in range(C):
        lines.append(f"Vs{j} s{j} 0 DC 0")
        if rc > 0:
            for i in range(R - 1):
                lines.append(f"Rc{i}_{j} c{i}_{j} c{i+1}_{j} {float(rc)!r}")
            lines.append(f"Rcout{j} c{R-1}_{j} s{j} {float(rc)!r}")
    for i in range(R):
        for j in range(C):
            if G[i, j] == 0:
                continue
            if access > 0:
                lines.append(f"Rx{i}_{j} {row(i, j)} m{i}_{j} {float(1 / G[i, j])!r}")
                lines.append(f"Ra{i}_{j} m{i}_{j} {col(i, j)} {float(access)!r}")
            else:
                lines.append(f"Rx{i}_{j} {row(i, j)} {col(i, j)} {float(1 / G[i, j])!r}")
    sources = [f"i(vs{j})" for j in range(C)] + [f"i(v{i})" for i in range(R)]
    lines += [".control", "set numdgt=15", "op", "print " + " ".join(sources), ".endc", ".end"]
    return "\n".join(lines) + "\n"

def solve(G, volts, rr, rc, access):
    with tempfile.NamedTemporaryFile("w", suffix=".cir") as f:
        f.write(netlist(G, volts, rr, rc, access))
        f.flush()
        out = subprocess.run(["ngspice", "-b", f.name], capture_output=True, text=True).stdout  # exits 1 after a .control-only run
    found = dict(re.findall(r"i\((vs?\d+)\) = (\S+)", out))
    columns = [float(found[f"vs{j}"]) for j in range(G.shape[1])]
    power = -sum(float(volts[i]) * float(found[f"v{i}"]) for i in range(G.shape[0]))
    return columns, power

def case(name, rows, cols, rr, rc, access=0.0, vectors=3, zeros=0, binary=False, seed=0, power=False):
    rng = np.random.default_rng(seed)
    G = rng.uniform(1e-5, 6e-5, (rows, cols))
    if zeros:
        G.flat[rng.choice(rows * cols, zeros, replace=False)] = 0.0
    V = rng.integers(0, 2, (vectors, rows)) * 0.2 if binary else rng.uniform(0.0, 0.2, (vectors, rows))
    Geff_ideal = G / (1 + G * access)
    solved = [solve(G, v, rr, rc, access) for v in V]
    data = {
        "name": name, "rows": rows, "cols": cols, "rowWireOhmsPerSegment": rr, "columnWireOhmsPerSegment": rc,
        "conductanceSiemens": G.tolist(), "inputVolts": V.tolist(),
        "columnCurrentAmps": [currents for currents, _ in solved],
        "idealColumnCurrentAmps": (V @ Geff_ideal).tolist(),
        "solvedBy": "ngspice batch operating point (.control op), numdgt=15",
    }
    if access:
        data["accessTransistorOhms"] = access
    if power:
        data["supplyPowerWatts"] = [watts for _, watts in solved]
    with open(name + ".json", "w") as f:
        json.dump(data, f)

case("xbar-ngspice-8x24-r3-zeros", 8, 24, 3.0, 3.0, zeros=20, seed=1)
case("xbar-ngspice-12x10-rrow0-rcol5", 12, 10, 0.0, 5.0, seed=2)
case("xbar-ngspice-10x12-rrow5-rcol0", 10, 12, 5.0, 0.0, seed=3)
case("xbar-ngspice-16x16-r2-access2k", 16, 16, 2.0, 2.0, access=2000.0, seed=4)
case("xbar-ngspice-1x20-r4", 1, 20, 4.0, 4.0, seed=5)
case("xbar-ngspice-20x1-r4", 20, 1, 4.0, 4.0, seed=6)
case("xbar-ngspice-24x24-r200-strong", 24, 24, 200.0, 200.0, binary=True, seed=7)
case("xbar-ngspice-72x56-r1", 72, 56, 1.0, 1.0, vectors=2, seed=8)
# Supply power (the read energy's reference): tall and wide arrays, both 1-D cases, access
# transistors, and one array large enough for the blocked inverse and the two-task sweep.
case("xbar-ngspice-4x3-rrow300-rcol100-power", 4, 3, 300.0, 100.0, vectors=4, seed=9, power=True)
case("xbar-ngspice-3x5-rrow60-rcol200-access1k-power", 3, 5, 60.0, 200.0, access=1000.0, seed=10, power=True)
case("xbar-ngspice-4x3-rrow0-rcol300-power", 4, 3, 0.0, 300.0, seed=11, power=True)
case("xbar-ngspice-4x3-rrow300-rcol0-power", 4, 3, 300.0, 0.0, seed=12, power=True)
case("xbar-ngspice-66x70-rrow6-rcol2-power", 66, 70, 6.0, 2.0, vectors=2, seed=13, power=True)
