#!/usr/bin/env bash
# The programs build without Check, the unit-test framework: configured
# with -DBUILD_TESTING=OFF on a machine where pkg-config cannot find
# check.pc, the core and a program build, and no test is made; with the
# tests asked for, configuring stops with a message that says what to do.
. "$(dirname "$0")/lib/harness.sh"

# pkg-config's view of the system without check.pc.
pc=$TMP/pkgconfig
mkdir -p "$pc"
for d in $(pkg-config --variable pc_path pkg-config | tr : ' '); do
    [ -d "$d" ] || continue
    for f in "$d"/*.pc; do
        [ -e "$f" ] && [ "$(basename "$f")" != check.pc ] && [ ! -e "$pc/$(basename "$f")" ] &&
            ln -s "$f" "$pc/"
    done
done
nocheck() { env PKG_CONFIG_LIBDIR="$pc" PKG_CONFIG_PATH= "$@"; }
t "check.pc is hidden" --status 1 -- nocheck pkg-config --exists check

build=$TMP/build
t "configures without Check, tests off" -- \
    nocheck cmake -S "$SRC" -B "$build" -DBUILD_TESTING=OFF -DCMAKE_BUILD_TYPE=Debug
t "a program builds without Check" -- \
    nocheck cmake --build "$build" --target pollsupport -j2
t "the program runs" --out-has "Usage: pollsupport" -- "$build/pollsupport" --help
ok "no test is made" test ! -e "$build/CTestTestfile.cmake"
t "tests asked for without Check: told what to do" --status 1 \
    --err-has "the tests need Check" --err-has "-DBUILD_TESTING=OFF" -- \
    nocheck cmake -S "$SRC" -B "$TMP/build2" -DBUILD_TESTING=ON
finish
