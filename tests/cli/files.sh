#!/usr/bin/env bash
# Files on the command line, for every program: an output that is an input,
# or two outputs that are one file (by device and inode, through hard and
# symbolic links), are refused before anything is written; -o over an
# existing file keeps its permission bits, a new file honours the umask;
# -o through a symbolic link writes its target (creating it when the link
# dangles) and leaves the link; no temporary is left behind when a pipe
# closes early (SIGPIPE) beside any output, --excluded, --report, --truth
# and --injected included.
. "$(dirname "$0")/lib/harness.sh"
D=$TMP/files
mkdir -p "$D"
BI=$SRC/tests/badinput
CB=$DATA/codebook.csv
cp "$BI/weighted.csv" "$D/w.csv"
cp "$BI/support.csv" "$D/s.csv"
cp "$DATA/sample_raw.csv" "$D/raw.csv"
cp "$BI/targets_sex.csv" "$D/t.csv"
unchanged() { cmp -s "$1" "$2"; }

# --- an output that is an input ----------------------------------------------
t clean-excluded-is-input --status 2 \
    --err-has "pollclean: --excluded $D/raw.csv is the same file as the input $D/raw.csv" -- \
    pollclean --codebook "$CB" --excluded "$D/raw.csv" -o "$D/clean.csv" "$D/raw.csv"
ok clean-excluded-is-input-raw-kept unchanged "$D/raw.csv" "$DATA/sample_raw.csv"
ok clean-excluded-is-input-nothing-written test ! -e "$D/clean.csv"
t clean-report-is-codebook --status 2 --err-has "--report $D/cb.csv is the same file as --codebook $D/cb.csv" -- \
    sh -c 'cp "$1" "$2/cb.csv" && pollclean --codebook "$2/cb.csv" --report "$2/cb.csv" "$2/raw.csv"' _ "$CB" "$D"
t codebook-o-is-input --status 2 \
    --err-is "pollcodebook: -o $D/raw.csv is the same file as the input $D/raw.csv: writing it would destroy what is still to be read
Try 'pollcodebook --help'." -- pollcodebook -o "$D/raw.csv" "$D/raw.csv"
ok codebook-o-is-input-raw-kept unchanged "$D/raw.csv" "$DATA/sample_raw.csv"
t weight-o-is-input --status 2 --err-has "-o $D/w.csv is the same file as the input $D/w.csv" -- \
    pollweight --targets "$D/t.csv" --weight-name w2 -o "$D/w.csv" "$D/w.csv"
ok weight-o-is-input-kept unchanged "$D/w.csv" "$BI/weighted.csv"
t weight-report-is-targets --status 2 --err-has "--report $D/t.csv is the same file as --targets $D/t.csv" -- \
    pollweight --targets "$D/t.csv" --weight-name w2 --report "$D/t.csv" "$D/w.csv"
ln "$D/w.csv" "$D/hard.csv"
t support-o-hard-link --status 2 --err-has "-o $D/hard.csv is the same file as the input $D/w.csv" -- \
    pollsupport --by sex --codebook "$CB" -o "$D/hard.csv" "$D/w.csv"
ln -s w.csv "$D/soft.csv"
t support-o-symlink-to-input --status 2 --err-has "-o $D/soft.csv is the same file as the input $D/w.csv" -- \
    pollsupport --by sex --codebook "$CB" -o "$D/soft.csv" "$D/w.csv"
ok support-o-link-kept unchanged "$D/w.csv" "$BI/weighted.csv"
t weight-stdin-is-output --status 2 --err-has "-o $D/w.csv is the same file as the input -" --in "$D/w.csv" -- \
    pollweight --targets "$D/t.csv" --weight-name w2 -o "$D/w.csv"
t claim-o-is-claims --status 2 --err-has "-o $D/c.txt is the same file as --claims $D/c.txt" -- \
    sh -c 'echo "c: \"x\" => majority support q_temp_status" >"$1/c.txt" && pollclaim --claims "$1/c.txt" -o "$1/c.txt" "$1/s.csv"' _ "$D"
t plot-o-is-input --status 2 --err-has "-o $D/s.csv is the same file as the input $D/s.csv" -- \
    pollplot -o "$D/s.csv" "$D/s.csv"
t plot-image-is-input --status 2 --err-has "--image $D/s.csv is the same file as the input $D/s.csv" -- \
    pollplot --image "$D/s.csv" -o "$D/p.gp" "$D/s.csv"
ok plot-image-is-input-kept unchanged "$D/s.csv" "$BI/support.csv"
ok plot-nothing-written test ! -e "$D/p.gp"

# --- two outputs that are one file --------------------------------------------
t weight-o-and-report --status 2 --err-has "-o $D/new.txt and --report $D/new.txt are the same file" -- \
    pollweight --targets "$D/t.csv" --weight-name w2 -o "$D/new.txt" --report "$D/new.txt" "$D/w.csv"
ok two-outputs-nothing-written test ! -e "$D/new.txt"
t synth-truth-and-injected --status 2 --err-has "--truth $D/x.csv and --injected $D/./x.csv are the same file" -- \
    pollsynth --n 10 -o "$D/raw10.csv" --truth "$D/x.csv" --injected "$D/./x.csv"
ok synth-nothing-written test ! -e "$D/raw10.csv"
t clean-excluded-and-report-via-link --status 2 --err-has "-o $D/out.csv and --excluded $D/link-out.csv are the same file" -- \
    sh -c 'ln -s out.csv "$1/link-out.csv" && pollclean --codebook "$2" -o "$1/out.csv" --excluded "$1/link-out.csv" "$1/raw.csv"' _ "$D" "$CB"
ok dangling-link-kept test -L "$D/link-out.csv"
t synth-two-stdouts --status 2 --err-has "-o - and --truth - are the same file" -- \
    pollsynth --n 10 --truth -
# Devices are never compared: both outputs thrown away is fine.
t devnull-twice -- pollweight -q --targets "$D/t.csv" --weight-name w2 -o /dev/null --report /dev/null "$D/w.csv"

# --- permission bits -----------------------------------------------------------
pollsupport --by sex --codebook "$CB" -o "$D/private.csv" "$D/w.csv" 2>/dev/null
chmod 600 "$D/private.csv"
t o-existing-keeps-mode -- pollsupport --by vote2024 --codebook "$CB" -o "$D/private.csv" "$D/w.csv"
ok o-existing-0600-stays-0600 test "$(stat -c %a "$D/private.csv")" = 600
ok o-existing-rewritten grep -q ',vote2024,' "$D/private.csv"
chmod 640 "$D/private.csv"
pollclean -q --codebook "$CB" --report "$D/private.csv" -o /dev/null "$D/raw.csv"
ok report-existing-keeps-0640 test "$(stat -c %a "$D/private.csv")" = 640
t new-file-umask-077 -- sh -c 'umask 077 && pollsupport --by sex --codebook "$1" -o "$2/u077.csv" "$2/w.csv"' _ "$CB" "$D"
ok new-file-umask-077-mode test "$(stat -c %a "$D/u077.csv")" = 600
t new-file-umask-022 -- sh -c 'umask 022 && pollsupport --by sex --codebook "$1" -o "$2/u022.csv" "$2/w.csv"' _ "$CB" "$D"
ok new-file-umask-022-mode test "$(stat -c %a "$D/u022.csv")" = 644

# --- symbolic links ------------------------------------------------------------
mkdir -p "$D/real"
echo old >"$D/real/target.csv"
chmod 600 "$D/real/target.csv"
ln -s real/target.csv "$D/link.csv"
t o-through-link -- pollsupport --by sex --codebook "$CB" -o "$D/link.csv" "$D/w.csv"
ok o-through-link-still-a-link test -L "$D/link.csv"
ok o-through-link-target-written grep -q ',sex,' "$D/real/target.csv"
ok o-through-link-target-mode test "$(stat -c %a "$D/real/target.csv")" = 600
ln -s real/created.csv "$D/dangling.csv"
t o-through-dangling-link -- pollsupport --by sex --codebook "$CB" -o "$D/dangling.csv" "$D/w.csv"
ok o-dangling-link-still-a-link test -L "$D/dangling.csv"
ok o-dangling-link-target-created grep -q ',sex,' "$D/real/created.csv"
ok o-no-temporaries-in-real sh -c "! ls -a '$D/real' | grep -q '^\\.[^.]'"

# --- no temporary left when the reader goes away (SIGPIPE) ----------------------
mkdir -p "$D/pipe1" "$D/pipe2" "$D/pipe3"
pollsynth --n 5000 --clean -o "$D/big.csv"
# Each output is far larger than a pipe's buffer, so the program is still
# writing standard output when `head -1` exits.
t sigpipe-clean --out-has "id,age" -- sh -c 'pollclean -q --codebook "$1" --excluded "$2/x.csv" --report "$2/r.txt" "$3" | head -1' \
    _ "$CB" "$D/pipe1" "$D/raw.csv"
ok sigpipe-clean-no-temporaries sh -c "! ls -a '$D/pipe1' | grep -q '^\\.[a-z]'"
t sigpipe-synth --out-has "ResponseId" -- sh -c 'pollsynth --n 20000 --truth "$1/truth.csv" --injected "$1/inj.csv" | head -1' _ "$D/pipe2"
ok sigpipe-synth-no-temporaries sh -c "! ls -a '$D/pipe2' | grep -q '^\\.[a-z]'"
t sigpipe-weight --out-has "id,age" -- sh -c 'pollweight -q --missing keep --targets "$1" --report "$2/wr.txt" "$3" | head -1' \
    _ "$DATA/targets.csv" "$D/pipe3" "$D/big.csv"
ok sigpipe-weight-no-temporaries sh -c "! ls -a '$D/pipe3' | grep -q '^\\.[a-z]'"
finish
