# tests/fuzz.mk - libFuzzer targets (clang), included from the Makefile.
#
#   make fuzz                 every target for FUZZ_SECONDS (60) on a working
#                             copy of its seeds; make -j2 fuzz runs two at once
#   make fuzz-regress         every committed input once (seeds and regress-*)
#   make fuzz-http            one target (fuzz-json, fuzz-chunked, ...)
#   make build/fuzz/fuzz_pem  just build one
#
# Seeds live in tests/corpus/<t>/ (tests/capture_corpus.sh captures the
# real-server ones); new inputs go to build/fuzz/corpus-<t>/, never into
# the tree. A crash, leak, timeout or out-of-memory input is moved into
# tests/corpus/<t>/regress-<sha1>, where fuzz-regress and every later run
# replay it, and the run fails. A dictionary is used when one exists:
# tests/fuzz_<t>.dict or tests/corpus/<t>.dict.
#
# Needs from the Makefile: LIB_SRC, CPPFLAGS (-Isrc -Iport and the -D's).

FUZZ_SECONDS ?= 60
FUZZ_TARGETS := json http chunked pem args x509
FUZZ_CC      ?= clang
# UBSan must stop the run: by default it reports and carries on, and
# libFuzzer would never save the input.
FUZZ_SAN     := address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS  := -g -O1 -fno-omit-frame-pointer
FUZZ_BIN     := $(FUZZ_TARGETS:%=build/fuzz/fuzz_%)
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=build/fuzz/obj/%.o) $(PORT_SRC:%.c=build/fuzz/obj/%.o)
FUZZ_OPTS    := -timeout=10 -rss_limit_mb=2048 -print_final_stats=1

# The library once, instrumented for coverage but without libFuzzer's main.
build/fuzz/obj/%.o: %.c $(wildcard src/*.h port/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,$(FUZZ_SAN) $(CPPFLAGS) -c $< -o $@

build/fuzz/libframec.a: $(FUZZ_LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(FUZZ_BIN): build/fuzz/fuzz_%: tests/fuzz_%.c build/fuzz/libframec.a $(wildcard src/*.h port/*.h tests/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer,$(FUZZ_SAN) $(CPPFLAGS) -o $@ $< \
	    build/fuzz/libframec.a -lbearssl

# fuzz_args compiles the CLI's argument parsing in (#include
# "../src/cli/args.c" and what it calls); src/cli/ is not in LIB_SRC, so
# nothing is linked twice.
build/fuzz/fuzz_args: src/cli/args.c src/cli/fmt.c src/cli/help.c src/cli/output.c src/cli/cli.h src/cli/fmt.h

# One target: replay nothing separately (libFuzzer runs every seed first),
# fuzz for FUZZ_SECONDS, keep what crashed, write a one-line summary.
FUZZ_RUN = t=$*; bin=build/fuzz/fuzz_$$t; seeds=tests/corpus/$$t; work=build/fuzz/corpus-$$t; \
	art=build/fuzz/artifacts-$$t; \
	mkdir -p $$seeds $$work $$art; rm -f $$art/crash-* $$art/leak-* $$art/timeout-* $$art/oom-*; \
	if [ $$t = x509 ]; then build/tests/test_x509 --seeds $$work >/dev/null; fi; \
	dict=; for d in tests/fuzz_$$t.dict tests/corpus/$$t.dict; do [ -f $$d ] && dict=-dict=$$d; done; \
	start=$$(date +%s); \
	$$bin $(FUZZ_OPTS) -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=$$art/ $$dict \
	    $$work $$seeds >$$art/run.log 2>&1; st=$$?; \
	secs=$$(( $$(date +%s) - start )); \
	runs=$$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' $$art/run.log | tail -n 1); \
	[ -n "$$runs" ] || runs=$$(sed -n 's/^\#\([0-9]*\).*/\1/p' $$art/run.log | tail -n 1); \
	n=0; for c in $$art/crash-* $$art/leak-* $$art/timeout-* $$art/oom-*; do \
	    [ -f "$$c" ] || continue; n=$$((n + 1)); \
	    h=$$(sha1sum "$$c" | cut -c1-40); mv "$$c" $$seeds/regress-$$h; \
	    echo "fuzz $$t: kept $$seeds/regress-$$h"; done; \
	[ $$st -eq 0 ] || [ $$n -gt 0 ] || n=1; \
	line="fuzz $$t: $${runs:-0} runs in $$secs s, $$n crashes"; \
	echo "$$line" >build/fuzz/summary-$$t; echo "$$line"; \
	if [ $$n -gt 0 ]; then grep -m 5 -E '^==[0-9]+==|SUMMARY|runtime error' $$art/run.log; \
	    echo "fuzz $$t: log in $$art/run.log"; fi

# fuzz_x509's seeds are the chains test_x509 builds at test time.
build/fuzz/fuzz_x509: build/tests/test_x509

$(FUZZ_TARGETS:%=fuzz-%): fuzz-%: build/fuzz/fuzz_%
	@$(FUZZ_RUN)
	@grep -q ', 0 crashes$$' build/fuzz/summary-$*

# Runs every target even when one fails, then fails if any did.
fuzz: $(FUZZ_TARGETS:%=fuzz-run-%)
	@echo "== fuzz summary"; cat $(FUZZ_TARGETS:%=build/fuzz/summary-%)
	@! grep -L ', 0 crashes$$' $(FUZZ_TARGETS:%=build/fuzz/summary-%) | grep -q .

$(FUZZ_TARGETS:%=fuzz-run-%): fuzz-run-%: build/fuzz/fuzz_%
	@rm -f build/fuzz/summary-$*
	@$(FUZZ_RUN)

# Every committed input once: what crashed before must stay fixed.
fuzz-regress: $(FUZZ_BIN)
	@fail=0; for t in $(FUZZ_TARGETS); do \
	    n=$$(find tests/corpus/$$t -type f 2>/dev/null | wc -l); \
	    if [ $$n -eq 0 ]; then echo "fuzz-regress $$t: no inputs"; continue; fi; \
	    if build/fuzz/fuzz_$$t -runs=0 -artifact_prefix=build/fuzz/regress-$$t- tests/corpus/$$t \
	        >build/fuzz/regress-$$t.log 2>&1; then \
	        echo "fuzz-regress $$t: $$n inputs, ok"; \
	    else \
	        fail=1; echo "fuzz-regress $$t: FAILED ($$n inputs)"; \
	        grep -m 5 -E '^==[0-9]+==|SUMMARY|runtime error|Test unit written' build/fuzz/regress-$$t.log; \
	    fi; \
	done; [ $$fail -eq 0 ]

.PHONY: fuzz fuzz-regress $(FUZZ_TARGETS:%=fuzz-%) $(FUZZ_TARGETS:%=fuzz-run-%)
