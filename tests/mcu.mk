# tests/mcu.mk - framec on a Cortex-M4 with no operating system; included
# from the Makefile.
#   make mcu        BearSSL from Debian's source package, the library and the
#                   test images for the Cortex-M4, under build/mcu/
#   make test-mcu   runs them on qemu-system-arm (mps2-an386): the unit tests
#                   of sha256, hmac, sign, http and json, and one whole
#                   signed HTTPS exchange through the library; prints the
#                   peak stack and the image's flash and RAM (`make test` runs it)
# Needs gcc-arm-none-eabi, libnewlib-arm-none-eabi, qemu-system-arm and
# dpkg-dev (tests/deps.sh installs them as root; otherwise
# `apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm dpkg-dev`).
#
# The library is built from the same sources, warnings and knobs as on the
# host, with -Os and the lean TLS profile (what a firmware would pick: TLS
# 1.2 ECDHE, AES-GCM and ChaCha20, P-256); newlib's C library, stdio over
# semihosting (librdimon) for the tests' output only. tests/mcu/ holds the
# runtime (startup.c, mps2_an386.ld), the in-memory port (port_mem.c), the
# server the port connects to (server.c) and the exchange (exchange.c).
# FC_TEST_SMALL shrinks the documents tests/test_json.c feeds (same checks).

MCU_CC     := arm-none-eabi-gcc
MCU_AR     := arm-none-eabi-ar
MCU_ARCH   := -mcpu=cortex-m4 -mthumb -mfloat-abi=soft
MCU_CFLAGS := $(MCU_ARCH) -Os -g -ffunction-sections -fdata-sections
MCU        := build/mcu
MCU_SSL    := $(MCU)/bearssl/libbearssl.a
MCU_INC    := -isystem $(MCU)/bearssl/inc -isystem $(MCU)/include
MCU_DEFS   := -DFC_TLS_LEAN -DFC_TEST_SMALL
MCU_UNITS  := sha256 hmac sign http json
MCU_IMAGES := $(MCU_UNITS:%=$(MCU)/test_%.elf) $(MCU)/exchange.elf
MCU_LINK    = $(MCU_CC) $(MCU_ARCH) -nostartfiles -T tests/mcu/mps2_an386.ld -Wl,--gc-sections \
              --specs=rdimon.specs -Wl,-Map=$@.map -o $@

# BearSSL: `apt-get source bearssl` (a private sources list for the
# archive this machine uses), compiled for the M4 (tests/mcu/bearssl.sh
# says with which switches). Fetched once per build folder.
$(MCU_SSL): tests/mcu/bearssl.sh
	MCU_CC='$(MCU_CC)' MCU_AR='$(MCU_AR)' MCU_FLAGS='$(MCU_CFLAGS)' sh tests/mcu/bearssl.sh $(MCU)/bearssl

$(MCU)/include/jsmn.h:
	@mkdir -p $(dir $@)
	ln -sf /usr/include/jsmn.h $@

$(MCU)/%.o: %.c $(wildcard src/*.h port/*.h tests/*.h tests/mcu/*.h) $(MCU_SSL) $(MCU)/include/jsmn.h
	@mkdir -p $(dir $@)
	$(MCU_CC) $(WARN) $(MCU_CFLAGS) $(MCU_INC) $(CPPFLAGS) $(MCU_DEFS) -Itests -Itests/mcu -c $< -o $@

$(MCU)/libframec.a: $(LIB_SRC:%.c=$(MCU)/%.o)
	rm -f $@
	$(MCU_AR) rcs $@ $^

# The test PKI, made now, as C: the CA as compiled-in anchors, the
# server's certificate and key (tests/mcu/certs.sh).
$(MCU)/pki/mcu_certs.c: tests/mcu/certs.sh tests/certs.sh $(ANCHORS_TOOL)
	sh tests/mcu/certs.sh $(MCU)/pki $(ANCHORS_TOOL)

$(MCU)/pki/%.o: $(MCU)/pki/mcu_certs.c $(MCU_SSL)
	$(MCU_CC) $(MCU_CFLAGS) $(MCU_INC) -c $(MCU)/pki/$*.c -o $@

MCU_RT := $(MCU)/tests/mcu/startup.o

$(MCU)/test_%.elf: $(MCU)/tests/test_%.o $(MCU_RT) $(MCU)/libframec.a $(MCU_SSL) tests/mcu/mps2_an386.ld
	$(MCU_LINK) $(filter %.o %.a,$^)

$(MCU)/exchange.elf: $(MCU)/tests/mcu/exchange.o $(MCU)/tests/mcu/server.o $(MCU)/tests/mcu/port_mem.o \
                     $(MCU)/pki/mcu_certs.o $(MCU)/pki/mcu_anchors.o $(MCU_RT) $(MCU)/libframec.a $(MCU_SSL) \
                     tests/mcu/mps2_an386.ld
	$(MCU_LINK) $(filter %.o %.a,$^)

mcu: $(MCU_IMAGES)

# The test objects stay (make would delete them as intermediates).
.SECONDARY: $(MCU_UNITS:%=$(MCU)/tests/test_%.o)

test-mcu: mcu
	@tests/mcu/run.sh $(MCU_IMAGES)

.PHONY: mcu test-mcu
