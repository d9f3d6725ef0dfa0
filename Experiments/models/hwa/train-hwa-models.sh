#!/bin/bash
# Trains the hardware-aware models the hwa-training and hwa-drift experiments compare with the
# conventionally trained bundled ones.
#
#   Experiments/models/hwa/train-hwa-models.sh [NAME...]
#
# Each model is fine-tuned from the bundled network's weights by `crossbar train --hardware-aware`
# with the defaults (3 epochs, learning rate 0.01 with cosine decay, seed 1, every effect at the
# device's own statistics) for the chip it is named after:
#   lenet5-<device>-<arch>   LeNet-5 for reram, pcm, sttmram, sram on isaac and prime
#   mlp-pcm-aihwkit          the MLP for aihwkit's PCM on aihwkit tiles, read 1 s to 1 year after
#                            programming (log-uniform), as aihwkit's drift comparison reads it;
#                            rescaled first to the tile's weight range (--weight-range 1, the
#                            default on analog tiles)
# NAME picks some of them (default: all nine). About 4 minutes per LeNet-5 and 10 per MLP in
# release on the 2-core development machine. Training is deterministic by seed.
set -euo pipefail

root=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$root"
all=()
for arch in isaac prime; do
    for device in reram pcm sttmram sram; do all+=("lenet5-$device-$arch"); done
done
all+=(mlp-pcm-aihwkit)
names=("${@:-${all[@]}}")
for name in "${names[@]}"; do
    [[ " ${all[*]} " == *" $name "* ]] || { echo "unknown model '$name'; choose from: ${all[*]}" >&2; exit 2; }
done

swift build -c release --product crossbar
crossbar=$root/.build/release/crossbar
for name in "${names[@]}"; do
    out=Experiments/models/hwa/$name.onnx
    case $name in
    mlp-pcm-aihwkit)
        "$crossbar" train --hardware-aware --network mlp --device pcm-aihwkit --arch aihwkit --read-time 1:31536000 --out "$out" ;;
    lenet5-*)
        IFS=- read -r network device arch <<<"$name"
        "$crossbar" train --hardware-aware --network "$network" --device "$device" --arch "$arch" --out "$out" ;;
    esac
done
