# tests/cross.mk - framec for other Linux machines, built here and run under
# qemu-user; included from the Makefile.
#   make cross-armhf | cross-arm64 | cross-s390x   build one architecture
#   make test-cross                                 every suite, all three
# `make test` runs tests/cross.sh for armhf (32-bit, the time_t one) and
# s390x (big-endian): the unit tests and the integration suite. test-cross
# adds arm64 and the commands and faults suites (about 15 minutes more).
#
# Each architecture gets the library, the POSIX port, the command and the
# unit tests, built as the host's are (same warnings, same sources) with
# Debian's cross compiler against glibc and libbearssl-dev:ARCH, linked
# dynamically (qemu-user runs them through the multiarch loader under
# /lib). Glibc, not musl, on purpose: Debian armhf's glibc is where time_t
# is 32 bits unless asked (port/posix.c asks). Everything lands under
# build/cross/ARCH/; build/cross/ARCH/run is the qemu wrapper the suites
# put in front of each program. The static binaries for these machines
# are the Makefile's `make static ARCH=...`.

QEMU_armhf := qemu-arm-static
QEMU_arm64 := qemu-aarch64-static
QEMU_s390x := qemu-s390x-static
CROSS_CFLAGS := -O2 -g
# What a test program needs from tests/ and of the library, per test.
CROSS_TESTS := $(filter-out cxx,$(TESTS))

# cross_arch ARCH: the rules for one architecture.
define cross_arch
X_$(1)  := build/cross/$(1)
XCC_$(1) := $(GNU_$(1))-gcc
XLIBS_$(1) := build/cross/$(1)/libframec.a build/cross/$(1)/libframec_posix.a

build/cross/$(1)/%.o: %.c $$(wildcard src/*.h src/cli/*.h port/*.h)
	@mkdir -p $$(dir $$@)
	$$(XCC_$(1)) $$(WARN) $$(CROSS_CFLAGS) $$(CPPFLAGS) -c $$< -o $$@

build/cross/$(1)/libframec.a: $$(LIB_SRC:%.c=build/cross/$(1)/%.o)
	rm -f $$@
	$(GNU_$(1))-ar rcs $$@ $$^

build/cross/$(1)/libframec_posix.a: $$(PORT_SRC:%.c=build/cross/$(1)/%.o)
	rm -f $$@
	$(GNU_$(1))-ar rcs $$@ $$^

build/cross/$(1)/framec.elf: $$(CLI_SRC:%.c=build/cross/$(1)/%.o) build/cross/$(1)/src/cli/anchors_none.o $$(XLIBS_$(1))
	$$(XCC_$(1)) $$(CROSS_CFLAGS) -o $$@ $$^ -lbearssl

build/cross/$(1)/tests/test_sha256_small: tests/test_sha256.c src/sha256.c src/sha256.h tests/check.h
	@mkdir -p $$(dir $$@)
	$$(XCC_$(1)) $$(WARN) $$(CROSS_CFLAGS) $$(CPPFLAGS) -DFC_SHA256_SMALL=1 -Itests -o $$@ tests/test_sha256.c src/sha256.c

build/cross/$(1)/tests/test_json_word32: tests/test_json.c $$(JSON_SRC) src/json.h src/json_text.h src/http.c src/http_parse.c src/error.c tests/check.h
	@mkdir -p $$(dir $$@)
	$$(XCC_$(1)) $$(WARN) $$(CROSS_CFLAGS) $$(CPPFLAGS) -DFC_JSON_WORD=uint32_t -Itests -o $$@ tests/test_json.c $$(JSON_SRC) src/http.c src/http_parse.c src/error.c

build/cross/$(1)/tests/test_fmt: $$(FMT_TEST_SRC) src/cli/fmt.h port/port_cli.h tests/check.h
	@mkdir -p $$(dir $$@)
	$$(XCC_$(1)) $$(WARN) $$(CROSS_CFLAGS) $$(CPPFLAGS) -Isrc/cli -Itests -o $$@ $$(FMT_TEST_SRC)

build/cross/$(1)/tests/test_config: tests/test_config.c tests/config_other.c tests/config/user_config.h $$(XLIBS_$(1))
	@mkdir -p $$(dir $$@)
	$$(XCC_$(1)) $$(WARN) $$(CROSS_CFLAGS) $$(CPPFLAGS) -DCONFIG_FN=init_small_work -DFC_WORK_MAX=512 -c tests/config_other.c -o $$@-small.o
	$$(XCC_$(1)) $$(WARN) $$(CROSS_CFLAGS) $$(CPPFLAGS) -DCONFIG_FN=init_user_file -DFC_CONFIG_FILE='"user_config.h"' -Itests/config -c tests/config_other.c -o $$@-user.o
	$$(XCC_$(1)) $$(WARN) $$(CROSS_CFLAGS) $$(CPPFLAGS) -Itests -o $$@ $$< $$@-small.o $$@-user.o $$(XLIBS_$(1)) -lbearssl

build/cross/$(1)/tests/test_%: tests/test_%.c $$(XLIBS_$(1)) $$(wildcard tests/*.h)
	@mkdir -p $$(dir $$@)
	$$(XCC_$(1)) $$(WARN) $$(CROSS_CFLAGS) $$(CPPFLAGS) -Itests -o $$@ $$< $$(XLIBS_$(1)) -lbearssl

build/cross/$(1)/clock_shift.so: tests/clock_shift.c
	@mkdir -p $$(dir $$@)
	$$(XCC_$(1)) -Wall -Wextra -Werror -O2 -shared -fPIC -o $$@ $$< -ldl

# The wrapper the suites run programs through (FRAMEC, TEST_WRAP).
build/cross/$(1)/run: tests/cross.mk
	@mkdir -p $$(dir $$@)
	printf '#!/bin/sh\nexec %s "$$$$@"\n' '$(QEMU_$(1))' >$$@
	chmod +x $$@
build/cross/$(1)/framec: build/cross/$(1)/framec.elf build/cross/$(1)/run
	printf '#!/bin/sh\nexec %s %s "$$$$@"\n' '$(QEMU_$(1))' '$$(abspath $$<)' >$$@
	chmod +x $$@

cross-$(1): build/cross/$(1)/framec build/cross/$(1)/clock_shift.so \
            $$(CROSS_TESTS:%=build/cross/$(1)/tests/test_%)
	@$$(MAKE) --no-print-directory static ARCH=$(1)
.PHONY: cross-$(1)
endef
$(foreach a,$(ARCHES),$(eval $(call cross_arch,$(a))))

test-cross: deps $(ARCHES:%=cross-%)
	@$(MAKE) --no-print-directory all static
	@CROSS_SUITES=all tests/cross.sh $(ARCHES)
.PHONY: test-cross
