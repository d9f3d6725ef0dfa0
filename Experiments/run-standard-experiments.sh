#!/bin/bash
# Runs Crossbar's eight standard experiments and draws their plots.
#
#   Experiments/run-standard-experiments.sh [--resume | --plot-only] [NAME...]
#
# Builds the release binary, then for each experiment (default: all eight, in this order)
#   device-variation  adc-resolution  ir-drop  energy-breakdown  pcm-drift  edge-scaling
#   hwa-training  hwa-drift
# runs `crossbar sweep Experiments/NAME.json --out Experiments/results/NAME` (a fresh run:
# an earlier results folder of that experiment is deleted first) and draws
# Experiments/results/NAME.svg (adc-resolution and hwa-training: two plots; edge-scaling: three).
# The hardware-aware models the last two compare with are committed in Experiments/models/hwa/
# (Experiments/models/hwa/train-hwa-models.sh retrains them, about 40 minutes).
#   --resume     finish interrupted sweeps instead of starting afresh
#   --plot-only  only redraw the plots from the existing results
# RESULTS=folder writes results and plots there instead of Experiments/results.
# Each sweep says how long it took; together they take 7 to 15 minutes in release on a 2-core
# machine (412 s, 611 s and 867 s measured in three runs of the first six, the last two while other builds
# shared it; hwa-training 116 s and hwa-drift 89 s; each spec's
# description gives its own times).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mode=fresh
case "${1:-}" in
--resume) mode=resume; shift ;;
--plot-only) mode=plot; shift ;;
-*) echo "usage: $0 [--resume | --plot-only] [NAME...]" >&2; exit 2 ;;
esac
all=(device-variation adc-resolution ir-drop energy-breakdown pcm-drift edge-scaling hwa-training hwa-drift)
names=("${@:-${all[@]}}")
for name in "${names[@]}"; do
    [[ " ${all[*]} " == *" $name "* ]] || { echo "unknown experiment '$name'; choose from: ${all[*]}" >&2; exit 2; }
done

swift build -c release --product crossbar
crossbar=$root/.build/release/crossbar
results=${RESULTS:-Experiments/results}
mkdir -p "$results"

plot() {
    local name=$1
    local csv=$results/$name/results.csv
    case $name in
    device-variation)
        "$crossbar" plot "$csv" --x configuration.device.d2dSigmaRelative --y metrics.accuracy.analog \
            --series configuration.device.preset --error-bars \
            --x-label "Device-to-device variation σ (relative)" --y-label "Accuracy" \
            --title "LeNet-5 on ISAAC: accuracy vs device-to-device variation" --out "$results/$name.svg"
        ;;
    adc-resolution)
        "$crossbar" plot "$csv" --x configuration.adc.bits --y metrics.accuracy.analog \
            --series configuration.device.preset --error-bars \
            --x-label "ADC resolution (bits)" --y-label "Accuracy" \
            --title "LeNet-5 on ISAAC, calibrated ADC ranges: accuracy vs ADC bits" --out "$results/$name-accuracy.svg"
        "$crossbar" plot "$csv" --x configuration.adc.bits --y metrics.energyPerInferenceJoules \
            --series configuration.device.preset \
            --x-label "ADC resolution (bits)" --y-label "Energy per inference (J)" \
            --title "LeNet-5 on ISAAC: energy per inference vs ADC bits" --out "$results/$name-energy.svg"
        ;;
    ir-drop)
        "$crossbar" plot "$csv" --x configuration.array.rows --log-x --y metrics.accuracy.analog \
            --series configuration.wire.resistanceOhms \
            --x-label "Array size (rows = columns)" --y-label "Accuracy" \
            --title "LeNet-5 on ReRAM: accuracy vs array size and wire resistance" --out "$results/$name.svg"
        ;;
    energy-breakdown)
        "$crossbar" plot "$csv" --x configuration.architecture --kind stacked-bar \
            --bar "analog chip=metrics.energyByComponentJoules.*" \
            --bar "digital baseline=metrics.digital.energyByComponentJoules.*" \
            --x-label "Architecture · accelerator" --y-label "Energy per inference (J)" \
            --title "LeNet-5: energy per inference by component" --out "$results/$name.svg"
        ;;
    pcm-drift)
        "$crossbar" plot "$csv" --x configuration.driftTimeSeconds --log-x --y metrics.accuracy.analog \
            --series configuration.driftCompensation --error-bars \
            --x-label "Time since programming (s)" --y-label "Accuracy" \
            --title "LeNet-5 on PCM (ISAAC): accuracy vs drift time" --out "$results/$name.svg"
        ;;
    edge-scaling)
        "$crossbar" plot "$csv" --x metrics.operationsPerInference --log-x --y metrics.budget.operationsPerSecond --log-y \
            --series metrics.chip --kind scatter \
            --x-label "Operations per inference" --y-label "Delivered operations per second at 1 W, 25 mm²" \
            --title "Zoo networks on an edge budget: delivered vs required operations" --out "$results/$name-throughput.svg"
        "$crossbar" plot "$csv" --x metrics.operationsPerInference --log-x --y metrics.budget.digitalOperationsPerSecond --log-y \
            --series metrics.architecture --kind scatter \
            --x-label "Operations per inference" --y-label "Delivered operations per second at 1 W (MAC array)" \
            --title "The digital MAC array at the same node and 1 W (series: the chip's node)" --out "$results/$name-digital.svg"
        "$crossbar" plot "$csv" --x metrics.multiplyAccumulatesPerInference --log-x --y metrics.energyPerInferenceJoules --log-y \
            --series metrics.chip --kind scatter \
            --x-label "Multiply-accumulates per inference" --y-label "Energy per inference (J)" \
            --title "Zoo networks: energy per inference vs network size" --out "$results/$name-energy.svg"
        ;;
    hwa-training)
        for arch in isaac prime; do
            "$crossbar" plot "$csv" --where configuration.architecture=$arch --x configuration.device.preset \
                --y metrics.accuracy.analog --series metrics.training --kind bar --error-bars \
                --x-label "Device preset" --y-label "Accuracy" \
                --title "LeNet-5 on $arch: conventional vs hardware-aware training" --out "$results/$name-$arch.svg"
        done
        ;;
    hwa-drift)
        "$crossbar" plot "$csv" --x configuration.driftTimeSeconds --log-x --y metrics.accuracy.analog \
            --series configuration.network --error-bars \
            --x-label "Time since programming (s)" --y-label "Accuracy" \
            --title "MLP on aihwkit's PCM tiles: accuracy vs drift time" --out "$results/$name.svg"
        ;;
    esac
}

for name in "${names[@]}"; do
    if [[ $mode != plot ]]; then
        flags=()
        if [[ $mode == resume ]]; then
            flags=(--resume)
        else
            rm -rf "${results:?}/$name"
        fi
        start=$SECONDS
        "$crossbar" sweep "Experiments/$name.json" --out "$results/$name" "${flags[@]}"
        echo "$name: $((SECONDS - start)) s"
    fi
    plot "$name"
done
