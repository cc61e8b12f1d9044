#!/bin/bash
# run.sh IMAGE.elf... - the Cortex-M test images on qemu-system-arm
# (mps2-an386: a Cortex-M4), each to its closing count and exit code
# (semihosting); then what the exchange image (exchange.elf) costs: flash
# and RAM by owner, from its linker map, and the check that the library
# keeps no state of its own (no .data or .bss from libframec.a).
# Closes with "N passed, N failed". MCU_TIMEOUT (s) bounds each image.
cd "$(dirname "$0")/../.." || exit 1
pass=0 fail=0 out=$(mktemp)
trap 'rm -f "$out"' EXIT
QEMU="qemu-system-arm -M mps2-an386 -nographic -monitor none -serial null
      -semihosting-config enable=on,target=native"
command -v qemu-system-arm >/dev/null ||
    { echo "mcu: qemu-system-arm not found (apt-get install qemu-system-arm)"; echo "0 passed, 1 failed"; exit 1; }

for elf in "$@"; do
    name=$(basename "$elf" .elf)
    start=$(date +%s)
    timeout "${MCU_TIMEOUT:-600}" $QEMU -kernel "$elf" >"$out" 2>&1
    rc=$?
    grep -v -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | grep -v '^# ' | tail -n 30
    last=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -n 1)
    if [ -z "$last" ]; then
        printf 'mcu %-16s FAILED: no closing count (exit %d%s)\n' "$name" "$rc" \
            "$([ "$rc" = 124 ] && echo ", timed out")"
        fail=$((fail + 1))
        continue
    fi
    p=${last%% passed*} f=${last#*, } f=${f%% failed*}
    [ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
    pass=$((pass + p)) fail=$((fail + f))
    printf 'mcu %-16s %s (exit %d, %d s)\n' "$name" "$last" "$rc" $(($(date +%s) - start))
done

# ---- What the exchange image costs ------------------------------------------
# Each input section of the map, by owner: framec (libframec.a), BearSSL
# (libbearssl.a), the C library (newlib, libgcc, librdimon), and the test
# harness (startup, port, server, certificates, the exchange itself).
for elf in "$@"; do
    case $elf in *exchange.elf) ;; *) continue ;; esac
    map=$elf.map
    [ -f "$map" ] || { echo "mcu: no map $map"; fail=$((fail + 1)); continue; }
    awk '
        # Hexadecimal by hand: strtonum is gawk only (Debian has mawk).
        function hex(h,   i, n) {
            n = 0
            for (i = 3; i <= length(h); i++) n = n * 16 + index("0123456789abcdef", tolower(substr(h, i, 1))) - 1
            return n
        }
        /^Linker script and memory map/ { on = 1; next }
        !on { next }
        # An output section starts: .text, .data, .bss (others are not memory).
        /^\.[a-zA-Z_]/ { split($1, s, " "); out = s[1]; next }
        {
            # An input section is " .name 0xADDR 0xSIZE file" on one line, or
            # " .name" then "  0xADDR 0xSIZE file" on the next.
            if ($1 ~ /^\./ && NF == 1) { pending = 1; next }
            if ($1 ~ /^\./ && NF >= 4 && $2 ~ /^0x/ && $3 ~ /^0x/) { size = $3; file = $4 }
            else if (pending && $1 ~ /^0x/ && $2 ~ /^0x/ && NF >= 3) { size = $2; file = $3 }
            else { pending = 0; next }
            pending = 0
            n = hex(size)
            if (n == 0) next
            who = "harness"
            if (file ~ /libframec\.a/) who = "framec"
            else if (file ~ /libbearssl\.a/) who = "bearssl"
            else if (file ~ /(libc|libg|libgcc|librdimon|libnosys|libm)(_nano)?\.a/ || file ~ /arm-none-eabi/) who = "libc"
            if (out == ".data") { flash[who] += n; ram[who] += n }
            else if (out == ".bss") ram[who] += n
            else if (out == ".text" || out == ".ARM.exidx" || out == ".init_array") flash[who] += n
        }
        END {
            split("framec bearssl libc harness", ws, " ")
            for (i = 1; i <= 4; i++) printf "%s %d %d\n", ws[i], flash[ws[i]], ram[ws[i]]
        }' "$map" >"$out"
    printf 'mcu: exchange.elf, flash and static RAM by owner (bytes; -Os, lean TLS profile):\n'
    while read -r who fl rm; do
        printf 'mcu:   %-8s flash %7d  RAM %7d\n' "$who" "$fl" "$rm"
    done <"$out"
    read -r t d b _ < <(arm-none-eabi-size "$elf" | tail -n 1)
    printf 'mcu:   image    flash %7d  RAM %7d (text %d, data %d, bss %d; the stack comes on top)\n' \
        $((t + d)) $((d + b)) "$t" "$d" "$b"
    fl=$(awk '$1 == "framec" { print $2 }' "$out")
    st=$(awk '$1 == "framec" { print $3 }' "$out")
    # The library holds no state: everything it uses is the caller's.
    if [ "$st" = 0 ] && [ "${fl:-0}" -gt 0 ]; then pass=$((pass + 1)); else
        echo "not ok: libframec.a puts $st bytes in .data/.bss of the image (or none of its code: $fl)"
        fail=$((fail + 1))
    fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
