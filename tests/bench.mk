# tests/bench.mk - `make bench`, included from the Makefile.
#   make bench                    the whole performance table (tests/bench/bench.sh)
#   make bench BENCH_RUNS=50      more cold-call runs per peer (default 30)
# bench.sh installs what it needs when run as root (nginx, curl,
# python3-requests, valgrind, libssl-dev, gcc-arm-none-eabi ...), builds
# `all static build/tests/peak_rss` and its harnesses into build/bench/, and
# prints one table of ratios against curl and Python requests.
BENCH_RUNS ?= 30
# The harnesses include the library's headers: same -I and -D knobs as
# libframec.a, so the structs they measure are the library's.
BENCH_CPPFLAGS = $(filter-out -DFC_VERSION=%,$(CPPFLAGS))

bench:
	@BENCH_RUNS='$(BENCH_RUNS)' BENCH_CPPFLAGS='$(BENCH_CPPFLAGS)' MAKE='$(MAKE)' \
	    bash tests/bench/bench.sh

.PHONY: bench
