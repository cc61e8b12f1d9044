#!/usr/bin/env python3
"""map_origins.py MAP - where a static framec's bytes go, from its GNU ld
link map: loaded bytes (text, rodata, data; no bss) by origin (framec's
objects under build/musl/full/, BearSSL's archive, musl and libgcc), and
the largest objects of each. tests/bench/sizes.sh prints it in make bench's
details."""
import re, sys, collections
sizes, bss = collections.Counter(), collections.Counter()
started, pending, out = False, None, None
skip = re.compile(r"^\.(comment|debug|note\.GNU-stack|gnu_debug)")
def origin(f):
    if "build/musl/full/" in f:
        return "framec", re.sub(r".*build/musl/full/", "", f)
    if "libbearssl.a" in f:
        m = re.search(r"\((.*)\)", f)
        return "BearSSL", (m.group(1) if m else f)
    if "musl" in f or "libc.a" in f or "crt" in f.split("/")[-1] or "libgcc" in f:
        return "musl libc", f.split("/")[-1]
    return "framec", re.sub(r".*build/musl/full/", "", f)
per = collections.Counter()
for line in open(sys.argv[1], errors="replace"):
    if line.startswith("Linker script and memory map"):
        started = True
        continue
    if not started:
        continue
    m = re.match(r"^(\.[^\s]+)", line)
    if m:
        out = m.group(1)
    m = re.match(r"^ (\.[^\s]+)\s*$", line)
    if m:
        pending = m.group(1)
        continue
    m = re.match(r"^ (\.[^\s]+)?\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$", line)
    if m and (m.group(1) or pending):
        sec = m.group(1) or pending
        pending = None
        addr, size, f = int(m.group(2), 16), int(m.group(3), 16), m.group(4).strip()
        if addr == 0 or size == 0 or skip.match(sec) or (out and skip.match(out)):
            continue
        grp, member = origin(f)
        if sec.startswith((".bss", ".tbss")) or (out or "").startswith(".bss") or sec == "COMMON":
            bss[grp] += size
            continue
        sizes[grp] += size
        per[(grp, member)] += size
    else:
        pending = None
total = sum(sizes.values())
print("loaded bytes by origin (text+rodata+data, no bss): " + ", ".join(
    "%s %.1f KB (%.0f%%)" % (g, s / 1024, 100.0 * s / total) for g, s in sizes.most_common()))
for g in ("BearSSL", "framec", "musl libc"):
    top = [(m, s) for (gg, m), s in per.most_common() if gg == g][:12]
    print("  largest %s objects: %s" % (g, ", ".join("%s %.1f KB" % (m, s / 1024) for m, s in top)))
