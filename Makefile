# framec - a tiny C client for the Frame Admin API.
#   make            libframec.a, libframec_posix.a (the port) and framec (dynamic glibc build)
#   make static     build/static/framec: one static musl binary
#                   (TLS_PROFILE=lean: TLS 1.2 ECDHE, AES-GCM/ChaCha20 only)
#   make [static] ANCHORS=bundle.pem   the command with those trust anchors
#                   compiled in (used when neither --cacert nor SSL_CERT_FILE is given)
#   make test       every test: unit, integration over TLS, static binary,
#                   again under ASan+UBSan and valgrind, soak, 30 s of each fuzzer
#   make demo       the local Frame API over TLS and real framec calls on it
#   make fuzz       libFuzzer targets, FUZZ_SECONDS each (needs clang)
#   make bench      framec side by side with curl and Python, as ratios
#   make clean

VERSION    := 0.1.0
CC         ?= cc
CFLAGS     ?= -O2 -g
WARN       := -std=c99 -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Werror
# Certificates are never checked against a time before the build (see
# FC_TIME_FLOOR in src/framec.h). The last commit's time keeps builds
# reproducible; outside git, the build time.
TIME_FLOOR := $(shell git log -1 --format=%ct 2>/dev/null || date +%s)
DEFS       := -DFC_VERSION='"$(VERSION)"' -DFC_TIME_FLOOR=$(TIME_FLOOR)
CPPFLAGS   += -Isrc -Iport $(DEFS)

JSON_SRC := src/json.c src/json_text.c src/json_get.c src/json_stream.c
LIB_SRC := src/sha256.c src/hmac.c src/sign.c src/http.c src/http_parse.c src/anchors.c src/anchors_der.c src/names.c src/der.c src/x509_walk.c src/x509.c src/tls.c src/session.c \
           $(JSON_SRC) src/api.c src/pager.c src/wait.c src/token.c \
           src/client.c src/client_request.c src/error.c
LIB_OBJ := $(LIB_SRC:%.c=build/%.o)
# The POSIX port is an archive of its own: a firmware links its port
# instead (libframec.a holds no fc_port_ function; integration.sh checks).
PORT_SRC := port/posix.c
LIBS     := libframec.a libframec_posix.a
ASAN_LIBS := build/asan/libframec.a build/asan/libframec_posix.a
TESTS   := sha256 sha256_small hmac sign http tls x509 session json json_word32 port config cxx client flows fmt
TEST_BIN := $(TESTS:%=build/tests/test_%)

all: $(LIBS) framec build/tools/framec-anchors

build/%.o: %.c $(wildcard src/*.h src/cli/*.h port/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -c $< -o $@

# The archives are remade when the Makefile changes what goes in them.
libframec.a: $(LIB_OBJ) Makefile
	rm -f $@
	ar rcs $@ $(filter %.o,$^)

libframec_posix.a: $(PORT_SRC:%.c=build/%.o)
	rm -f $@
	ar rcs $@ $^

# The command line: src/cli/, over the public API only, with what it needs
# of the system beyond the port (port/port_cli.h, port/posix_cli.c). Its compiled-in
# trust anchors are an object of their own: anchors_none.c (none), or with
# ANCHORS= the list framec-anchors writes from that bundle.
CLI_SRC := $(filter-out src/cli/anchors_none.c,$(wildcard src/cli/*.c)) port/posix_cli.c
CLI_OBJ := $(CLI_SRC:%.c=build/%.o)

# ---- Trust anchors compiled in: make [static] ANCHORS=bundle.pem ----------
# framec-anchors (src/tools/anchors2c.c, a host program over the library's
# own PEM/DER reader) writes $(ANCHORS_DIR)/anchors.c. $(ANCHORS_DIR)/framec
# is the same command without touching ./framec (tests/anchors.sh builds one
# in its scratch folder). build/anchors-used holds the ANCHORS of the last
# build, so that changing it relinks the command.
ANCHORS_TOOL := build/tools/framec-anchors
ANCHORS_DIR  ?= build/anchors
ANCHORS_USED := build/anchors-used
ifeq ($(ANCHORS),)
CLI_ANCHORS       = build/src/cli/anchors_none.o
MUSL_CLI_ANCHORS  = $(MUSL_DIR)/src/cli/anchors_none.o
else
CLI_ANCHORS       = $(ANCHORS_DIR)/anchors.o
MUSL_CLI_ANCHORS  = $(ANCHORS_DIR)/anchors-musl$(ARCH:%=-%)-$(TLS_PROFILE).o
endif

$(ANCHORS_TOOL): src/tools/anchors2c.c src/anchors.c src/anchors_der.c src/der.c src/error.c \
                 $(wildcard src/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -o $@ $(filter %.c,$^)

# Rewritten as the Makefile is read, and only when ANCHORS changed, so
# that an unchanged tree stays up to date (make -q, tests/install.sh).
$(shell mkdir -p build && { [ -f $(ANCHORS_USED) ] && [ "$$(cat $(ANCHORS_USED))" = '$(abspath $(ANCHORS))' ] || echo '$(abspath $(ANCHORS))' >$(ANCHORS_USED); })

$(ANCHORS_DIR)/anchors.c: $(ANCHORS) $(ANCHORS_TOOL)
	@mkdir -p $(dir $@)
	$(ANCHORS_TOOL) -o $@ $(ANCHORS)

$(ANCHORS_DIR)/anchors.o: $(ANCHORS_DIR)/anchors.c
	$(CC) $(WARN) $(CFLAGS) -c $< -o $@

$(ANCHORS_DIR)/framec: $(CLI_OBJ) $(ANCHORS_DIR)/anchors.o $(LIBS)
	$(CC) $(CFLAGS) -o $@ $^ -lbearssl

framec: $(CLI_OBJ) $(CLI_ANCHORS) $(LIBS) $(ANCHORS_USED)
	$(CC) $(CFLAGS) -o $@ $(filter %.o %.a,$^) -lbearssl

# ---- Static musl build ---------------------------------------------------
# musl-gcc cannot see /usr/include (adding it drags glibc headers in), so it
# gets a folder holding only the BearSSL and jsmn headers; Debian's libbearssl.a was
# built with _FORTIFY_SOURCE, so port/fortify.c supplies the three __*_chk
# functions glibc would. See README "Static build".
#
# TLS_PROFILE picks the BearSSL profile (src/tls.c, README "TLS profiles"):
# full (default, any TLS 1.0-1.2 server BearSSL supports) or lean (TLS 1.2
# ECDHE with RSA or ECDSA certificates, AES-GCM and ChaCha20-Poly1305,
# P-256 and X25519, SHA-256/384: about 45 KB smaller). Each profile has its
# own objects and binary (build/static/PROFILE/framec); `make static`
# copies the one asked for to build/static/framec.
TLS_PROFILE ?= full
ifeq ($(TLS_PROFILE),lean)
PROFILE_DEFS := -DFC_TLS_LEAN
else ifneq ($(TLS_PROFILE),full)
$(error TLS_PROFILE must be full or lean, not '$(TLS_PROFILE)')
endif
#
# ARCH= builds the same static binary for another Linux: armhf (32-bit ARM,
# hard float), arm64 or s390x (64-bit big-endian), with Debian's cross
# compiler (gcc-TRIPLET), musl-dev:ARCH and libbearssl-dev:ARCH
# (tests/deps.sh installs them). It lands at build/static-ARCH/framec; the
# host's stays at build/static/framec.
ARCH ?=
ARCHES := armhf arm64 s390x
GNU_armhf := arm-linux-gnueabihf
GNU_arm64 := aarch64-linux-gnu
GNU_s390x := s390x-linux-gnu
MUSL_armhf := arm-linux-musleabihf
MUSL_arm64 := aarch64-linux-musl
MUSL_s390x := s390x-linux-musl
ifeq ($(ARCH),)
MUSL_CC  := musl-gcc
else ifneq ($(filter $(ARCH),$(ARCHES)),)
MUSL_CC  := $(GNU_$(ARCH))-gcc -specs /usr/lib/$(MUSL_$(ARCH))/musl-gcc.specs
else
$(error ARCH must be one of $(ARCHES) (or empty for this machine), not '$(ARCH)')
endif
# Ask the compiler that links where its libbearssl.a is: a machine with
# foreign-architecture libbearssl-dev packages (multiarch) has several
# under /usr/lib/*/, and only the compiler knows which one is its own.
BEARSSL_SYS_A = $(shell $(MUSL_CC) -print-file-name=libbearssl.a)
MUSL_INC := build/musl/include
# No unwind tables: a C program that neither throws nor walks its stack
# never reads them, and they were 20 KB of the x86-64 binary (.eh_frame).
# Both flags: x86-64 drops its tables only with the first, arm64 (which
# defaults to -funwind-tables) only with both.
MUSL_CFLAGS := -Os -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -fno-unwind-tables
MUSL_DIR := build/musl$(ARCH:%=-%)/$(TLS_PROFILE)
STATIC   := build/static$(ARCH:%=-%)
# Debian's libbearssl.a carries unwind tables too: the static build links
# a copy without them (build/bearssl-ARCH/libbearssl.a), made from the
# archive the compiler finds, never from /usr/lib/*/.
OBJCOPY  := $(if $(ARCH),$(GNU_$(ARCH))-objcopy,objcopy)
BEARSSL_A := build/bearssl$(ARCH:%=-%)/libbearssl.a
# Link flags that drop file padding, measured on the stripped full binary
# (README "Footprint and speed"):
# - -z norelro: RELRO pads the writable data out to a page boundary (arm64's
#   64 KB pages: 28 KB of zeros), and in a static musl binary it protects
#   nothing: no dynamic linker applies PT_GNU_RELRO, so those pages were
#   writable anyway (seen in /proc/self/maps).
# - -z common-page-size=64: the data may then share its first page with the
#   read-only part instead of starting a fresh one in the file (256 B on
#   x86-64, 3 KB on arm64; on armhf -z norelro alone costs 1.7 KB, with this
#   it saves 1.2 KB). Offsets stay congruent modulo the maximum page size,
#   which is all the kernel needs.
# - -z noseparate-code (x86-64 only; the others do not separate code by
#   default): headers, code and read-only data share one segment, 4 KB to
#   7 KB less; the cost is that constants become executable too.
# --build-id=none and --no-eh-frame-hdr change nothing (gcc passes neither
# to a static link), so they are not here.
STATIC_LDFLAGS := -Wl,-z,norelro -Wl,-z,common-page-size=64 -Wl,-z,noseparate-code
MUSL_OBJ = $(LIB_SRC:%.c=$(MUSL_DIR)/%.o) $(PORT_SRC:%.c=$(MUSL_DIR)/%.o) $(CLI_SRC:%.c=$(MUSL_DIR)/%.o) \
           $(MUSL_CLI_ANCHORS) $(MUSL_DIR)/port/fortify.o

$(MUSL_INC)/bearssl.h:
	@mkdir -p $(MUSL_INC)
	ln -sf /usr/include/bearssl.h $(MUSL_INC)/bearssl.h
	ln -sfn /usr/include/bearssl $(MUSL_INC)/bearssl
	ln -sf /usr/include/jsmn.h $(MUSL_INC)/jsmn.h

$(BEARSSL_A): Makefile
	@mkdir -p $(dir $@)
	@case "$(BEARSSL_SYS_A)" in /*) ;; *) echo "framec: '$(MUSL_CC)' finds no libbearssl.a (install libbearssl-dev$(ARCH:%=:%))" >&2; exit 1;; esac
	$(OBJCOPY) --remove-section=.eh_frame $(BEARSSL_SYS_A) $@

# The objects follow the Makefile: their flags are written here.
$(MUSL_DIR)/%.o: %.c $(wildcard src/*.h src/cli/*.h port/*.h) $(MUSL_INC)/bearssl.h Makefile
	@mkdir -p $(dir $@)
	$(MUSL_CC) $(WARN) $(MUSL_CFLAGS) -isystem $(MUSL_INC) $(CPPFLAGS) $(PROFILE_DEFS) -c $< -o $@

$(ANCHORS_DIR)/anchors-musl$(ARCH:%=-%)-$(TLS_PROFILE).o: $(ANCHORS_DIR)/anchors.c $(MUSL_INC)/bearssl.h
	$(MUSL_CC) $(WARN) $(MUSL_CFLAGS) -isystem $(MUSL_INC) -c $< -o $@

$(STATIC)/$(TLS_PROFILE)/framec: $(MUSL_OBJ) $(BEARSSL_A) $(ANCHORS_USED)
	@mkdir -p $(dir $@)
	$(MUSL_CC) -static -Wl,--gc-sections $(STATIC_LDFLAGS) -s -o $@ $(filter %.o,$^) $(BEARSSL_A)

$(STATIC)/framec: $(STATIC)/$(TLS_PROFILE)/framec
	cp $< $@

# The static link's flags, for tests/bench/sizes.sh's relink with a map.
static-ldflags:
	@echo $(STATIC_LDFLAGS)

# Always copies: the last profile built is the one at $(STATIC)/framec.
static: $(STATIC)/$(TLS_PROFILE)/framec
	cp $< $(STATIC)/framec
	@ls -l $(STATIC)/framec

# ---- Tests ---------------------------------------------------------------
build/tests/soak: tests/soak.c $(LIBS) tests/check.h
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -Itests -o $@ $< $(LIBS) -lbearssl

# The same SHA-256 vectors against the rolled loop that -Os builds use.
build/tests/test_sha256_small: tests/test_sha256.c src/sha256.c src/sha256.h tests/check.h
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -DFC_SHA256_SMALL=1 -Itests -o $@ tests/test_sha256.c src/sha256.c

build/asan/tests/test_sha256_small: tests/test_sha256.c src/sha256.c src/sha256.h tests/check.h
	@mkdir -p $(dir $@)
	$(ASAN_CC) $(WARN) $(ASAN_FLAGS) $(CPPFLAGS) -DFC_SHA256_SMALL=1 -Itests -o $@ tests/test_sha256.c src/sha256.c

# The JSON tests against the 4-byte word scanning that 32-bit cores get.
build/tests/test_json_word32: tests/test_json.c $(JSON_SRC) src/json.h src/json_text.h src/http.c src/http_parse.c src/error.c tests/check.h
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -DFC_JSON_WORD=uint32_t -Itests -o $@ tests/test_json.c $(JSON_SRC) src/http.c src/http_parse.c src/error.c

build/asan/tests/test_json_word32: tests/test_json.c $(JSON_SRC) src/json.h src/json_text.h src/http.c src/http_parse.c src/error.c tests/check.h
	@mkdir -p $(dir $@)
	$(ASAN_CC) $(WARN) $(ASAN_FLAGS) $(CPPFLAGS) -DFC_JSON_WORD=uint32_t -Itests -o $@ tests/test_json.c $(JSON_SRC) src/http.c src/http_parse.c src/error.c

# The command line's formatter (src/cli/fmt.c) against the C library's
# snprintf; it writes through the command's port (posix_cli.c).
FMT_TEST_SRC := tests/test_fmt.c src/cli/fmt.c port/posix_cli.c
build/tests/test_fmt: $(FMT_TEST_SRC) src/cli/fmt.h port/port_cli.h tests/check.h
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -Isrc/cli -Itests -o $@ $(FMT_TEST_SRC)

build/asan/tests/test_fmt: $(FMT_TEST_SRC) src/cli/fmt.h port/port_cli.h tests/check.h
	@mkdir -p $(dir $@)
	$(ASAN_CC) $(WARN) $(ASAN_FLAGS) $(CPPFLAGS) -Isrc/cli -Itests -o $@ $(FMT_TEST_SRC)

# An application built with other knobs than the library (framec_config.h):
# two copies of tests/config_other.c beside test_config.c.
build/tests/test_config: tests/test_config.c tests/config_other.c tests/config/user_config.h $(LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -DCONFIG_FN=init_small_work -DFC_WORK_MAX=512 -c tests/config_other.c -o $@-small.o
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -DCONFIG_FN=init_user_file -DFC_CONFIG_FILE='"user_config.h"' -Itests/config -c tests/config_other.c -o $@-user.o
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -Itests -o $@ $< $@-small.o $@-user.o $(LIBS) -lbearssl

build/asan/tests/test_config: tests/test_config.c tests/config_other.c tests/config/user_config.h $(ASAN_LIBS)
	@mkdir -p $(dir $@)
	$(ASAN_CC) $(WARN) $(ASAN_FLAGS) $(CPPFLAGS) -DCONFIG_FN=init_small_work -DFC_WORK_MAX=512 -c tests/config_other.c -o $@-small.o
	$(ASAN_CC) $(WARN) $(ASAN_FLAGS) $(CPPFLAGS) -DCONFIG_FN=init_user_file -DFC_CONFIG_FILE='"user_config.h"' -Itests/config -c tests/config_other.c -o $@-user.o
	$(ASAN_CC) $(WARN) $(ASAN_FLAGS) $(CPPFLAGS) -Itests -o $@ $< $@-small.o $@-user.o $(ASAN_LIBS) -lbearssl

# C++ against the C headers and archive (extern "C").
CXX ?= g++
build/tests/test_cxx: tests/test_cxx.cpp $(LIBS) $(wildcard src/*.h port/*.h)
	@mkdir -p $(dir $@)
	$(CXX) -std=c++11 -Wall -Wextra -Werror $(CFLAGS) $(CPPFLAGS) -o $@ $< $(LIBS) -lbearssl

build/asan/tests/test_cxx: tests/test_cxx.cpp $(ASAN_LIBS) $(wildcard src/*.h port/*.h)
	@mkdir -p $(dir $@)
	clang++ -std=c++11 -Wall -Wextra -Werror $(ASAN_FLAGS) $(CPPFLAGS) -o $@ $< $(ASAN_LIBS) -lbearssl

# A TLS server that ignores max_fragment_length (tests/tls_profiles.sh).
build/tests/mfl_server: tests/mfl_server.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) -D_POSIX_C_SOURCE=200809L -o $@ $< -lbearssl

build/tests/test_%: tests/test_%.c $(LIBS) $(wildcard tests/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -Itests -o $@ $< $(LIBS) -lbearssl

# The same library, command and tests under AddressSanitizer and
# UndefinedBehaviorSanitizer (clang); any report stops the program.
ASAN_CC    := clang
ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
build/asan/%.o: %.c $(wildcard src/*.h src/cli/*.h port/*.h)
	@mkdir -p $(dir $@)
	$(ASAN_CC) $(WARN) $(ASAN_FLAGS) $(CPPFLAGS) -c $< -o $@

build/asan/libframec.a: $(LIB_SRC:%.c=build/asan/%.o) Makefile
	rm -f $@
	ar rcs $@ $(filter %.o,$^)

build/asan/libframec_posix.a: $(PORT_SRC:%.c=build/asan/%.o)
	rm -f $@
	ar rcs $@ $^

build/asan/framec: $(CLI_SRC:%.c=build/asan/%.o) build/asan/src/cli/anchors_none.o $(ASAN_LIBS)
	$(ASAN_CC) $(ASAN_FLAGS) -o $@ $^ -lbearssl

build/asan/tests/%: tests/%.c $(ASAN_LIBS) $(wildcard tests/*.h)
	@mkdir -p $(dir $@)
	$(ASAN_CC) $(WARN) $(ASAN_FLAGS) $(CPPFLAGS) -Itests -o $@ $< $(ASAN_LIBS) -lbearssl

ASAN_BIN := $(TESTS:%=build/asan/tests/test_%) build/asan/tests/soak build/asan/framec

# ---- Fuzzing (clang's libFuzzer): make fuzz FUZZ_SECONDS=600 --------------
include tests/fuzz.mk

# ---- Benchmarks: make bench (BENCH_RUNS=30) --------------------------------
include tests/bench.mk

# ---- Other machines: Linux on ARM and s390x under qemu-user (cross.mk),
# a Cortex-M4 with no operating system under qemu-system-arm (mcu.mk) -----
include tests/cross.mk
include tests/mcu.mk
# make test runs these under qemu-user: 32-bit ARM (32-bit glibc time_t)
# and big-endian; make test-cross all three with every suite.
TEST_ARCHES ?= armhf s390x

# Peak-RSS probe for the tests: static and tiny, so it never outweighs
# what it measures (tests/peak_rss.c says why that matters).
build/tests/peak_rss: tests/peak_rss.c
	@mkdir -p $(dir $@)
	$(MUSL_CC) -static -Os -s -o $@ $<

deps:
	@tests/deps.sh

test: deps
	@$(MAKE) --no-print-directory TLS_PROFILE=lean build/static/lean/framec
	@$(MAKE) --no-print-directory all static $(TEST_BIN) build/tests/soak build/tests/peak_rss \
	    build/tests/mfl_server \
	    $(ASAN_BIN) $(FUZZ_TARGETS:%=build/fuzz/fuzz_%) $(TEST_ARCHES:%=cross-%) mcu
	@FUZZ_TARGETS="$(FUZZ_TARGETS)" TEST_ARCHES="$(TEST_ARCHES)" MCU_IMAGES="$(MCU_IMAGES)" \
	    tests/run.sh $(TESTS)

demo: deps
	@$(MAKE) --no-print-directory all
	@tests/demo.sh

clean:
	rm -rf build $(LIBS) framec

.PHONY: all static static-ldflags test deps demo clean

# ---- Install ---------------------------------------------------------------
#   make install [PREFIX=/usr/local] [DESTDIR=/tmp/stage]   (GNU conventions)
#   make uninstall [same variables]   removes exactly what install put there
# BINDIR, LIBDIR, INCLUDEDIR, MANDIR and PKGCONFIGDIR follow PREFIX unless
# given. install copies what `all` built and builds nothing else, so `make`
# then `sudo make install` compiles nothing as root. The headers go flat
# into INCLUDEDIR/framec/ (users write #include <framec/framec.h>); names.h
# is internal. tests/install.sh installs into a scratch DESTDIR and checks
# every file, the .pc, each header alone (C and C++), and the man page.
PREFIX       ?= /usr/local
BINDIR       ?= $(PREFIX)/bin
LIBDIR       ?= $(PREFIX)/lib
INCLUDEDIR   ?= $(PREFIX)/include
MANDIR       ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
INSTALL      ?= install
PUBLIC_HEADERS := src/framec.h src/framec_config.h src/error.h src/http.h src/sign.h src/hmac.h \
                  src/sha256.h src/tls.h src/session.h src/anchors.h src/x509.h src/json.h src/api.h src/flows.h \
                  port/port.h
MAN_PAGE     := src/cli/framec.1
# framec.pc names its directories by ${prefix} when they lie under PREFIX,
# so pkg-config --define-prefix can move it.
PC_LIBDIR     = $(patsubst $(PREFIX)/%,$${prefix}/%,$(LIBDIR))
PC_INCLUDEDIR = $(patsubst $(PREFIX)/%,$${prefix}/%,$(INCLUDEDIR))

# framec.pc is written straight into DESTDIR, from the PREFIX of this run:
# nothing in the tree is made (or owned by root) at install time.
install: all
	$(INSTALL) -d '$(DESTDIR)$(BINDIR)' '$(DESTDIR)$(LIBDIR)' '$(DESTDIR)$(INCLUDEDIR)/framec' \
	    '$(DESTDIR)$(PKGCONFIGDIR)' '$(DESTDIR)$(MANDIR)/man1'
	$(INSTALL) -m 755 framec '$(DESTDIR)$(BINDIR)/framec'
	$(INSTALL) -m 755 $(ANCHORS_TOOL) '$(DESTDIR)$(BINDIR)/framec-anchors'
	$(INSTALL) -m 644 $(LIBS) '$(DESTDIR)$(LIBDIR)/'
	$(INSTALL) -m 644 $(PUBLIC_HEADERS) '$(DESTDIR)$(INCLUDEDIR)/framec/'
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(PC_LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(PC_INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
	    src/framec.pc.in >'$(DESTDIR)$(PKGCONFIGDIR)/framec.pc'
	chmod 644 '$(DESTDIR)$(PKGCONFIGDIR)/framec.pc'
	$(INSTALL) -m 644 $(MAN_PAGE) '$(DESTDIR)$(MANDIR)/man1/framec.1'

uninstall:
	rm -f '$(DESTDIR)$(BINDIR)/framec' '$(DESTDIR)$(BINDIR)/framec-anchors' $(LIBS:%='$(DESTDIR)$(LIBDIR)/%') \
	    $(patsubst %,'$(DESTDIR)$(INCLUDEDIR)/framec/%',$(notdir $(PUBLIC_HEADERS))) \
	    '$(DESTDIR)$(PKGCONFIGDIR)/framec.pc' '$(DESTDIR)$(MANDIR)/man1/framec.1'
	rmdir '$(DESTDIR)$(INCLUDEDIR)/framec' 2>/dev/null || true

.PHONY: install uninstall
