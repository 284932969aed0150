#!/usr/bin/env bash
# The sample poll's data files, byte for byte (tests/cli/pollsynth_waves.sh
# runs this into a scratch directory and compares): wave 1, the poll of
# November 2025, and wave 2, a separate sample of February 2026 with every
# proposal's latent support 0.4 lower (pollsynth --shift -0.4). The seed is
# the first day of wave 1's fieldwork.
#   data/make_sample.sh [DIR]     (default: the directory of this script)
# pollsynth comes from the PATH, else from build/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here}
command -v pollsynth >/dev/null || PATH="$here/../build:$PATH"
pollsynth --n 2000 --seed 20251121 --truth "$out/sample_truth.csv" \
    --injected "$out/sample_injected.csv" -o "$out/sample_raw.csv"
pollsynth --n 2000 --seed 20251121 --wave 2 --shift -0.4 --truth "$out/sample_wave2_truth.csv" \
    -o "$out/sample_wave2_raw.csv"
