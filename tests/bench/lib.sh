# Sourced by the benchmark scripts: a Release build of pollkit in
# $BUILD (default build-bench), its programs first on PATH, the C locale,
# and a scratch folder $work removed on exit. Sets top and build.
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${BUILD:-$top/build-bench}
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j"$(nproc)" >/dev/null
export PATH="$build:$PATH" LC_ALL=C
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
