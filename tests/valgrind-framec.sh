#!/bin/sh
# valgrind-framec.sh - framec under valgrind memcheck, for tests/run.sh.
# Errors make it exit 99 and leave a report in $VG_LOG_DIR (run.sh reads
# them all after the suites).
exec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
    --log-file="${VG_LOG_DIR:-/tmp}/vg.%p" "$(dirname "$0")/../framec" "$@"
