# Trix top-level Makefile: builds build/trix and its multi-call names, tests, benchmarks.

# `make check` and `make demo` work on a fresh machine: install packages, then configure.
ifeq ($(wildcard config.mk),)
ifneq ($(filter check demo demo-arm64 bench,$(MAKECMDGOALS)),)
$(shell scripts/install-deps.sh >&2)
endif
$(shell ./configure >&2)
endif
include config.mk

B := build

all:
CFLAGS := -std=gnu11 $(OPT) $(SAN) -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers \
          -D_GNU_SOURCE -I. -Iinclude -Itcg -I$(B)/gen -I$(B)/gen/riscv64 -I$(B)/gen/arm64 $(DEP_CFLAGS)
LDFLAGS := $(SAN)
LIBS := $(DEP_LIBS) -lpthread -lm

SRCS := $(wildcard src/*.c src/block/*.c src/net/*.c src/monitor/*.c src/gdbstub/*.c src/user/*.c src/user/*/*.c tcg/*.c fpu/*.c target/*/*.c hw/*.c hw/*/*.c)
# The host JIT backend (tcg/<host>/) when configure enabled it for this host.
ifeq ($(CONFIG_JIT),yes)
SRCS += $(wildcard tcg/$(HOST_ARCH)/*.c)
endif
MAIN := src/main.c
LIB_SRCS := $(filter-out $(MAIN),$(SRCS))
OBJS := $(patsubst %.c,$(B)/obj/%.o,$(LIB_SRCS))

# Decoders generated from .decode pattern files (tools/decodetree.py).
DECODETREE := python3 tools/decodetree.py
RV_GEN := $(B)/gen/riscv64/decode-insn32.c.inc $(B)/gen/riscv64/decode-insn16.c.inc
$(B)/gen/riscv64/decode-insn32.c.inc: $(sort $(wildcard target/riscv64/insn32*.decode)) tools/decodetree.py
	@mkdir -p $(dir $@)
	$(DECODETREE) --decode decode_insn32 --width 32 -o $@ $(filter %.decode,$^)
$(B)/gen/riscv64/decode-insn16.c.inc: $(sort $(wildcard target/riscv64/insn16*.decode)) tools/decodetree.py
	@mkdir -p $(dir $@)
	$(DECODETREE) --decode decode_insn16 --width 16 -o $@ $(filter %.decode,$^)

# arm64: every target/arm64/a64*.decode file goes into one decoder (docs/arm64.md).
A64_GEN := $(B)/gen/arm64/decode-a64.c.inc
$(A64_GEN): $(sort $(wildcard target/arm64/a64*.decode)) tools/decodetree.py
	@mkdir -p $(dir $@)
	$(DECODETREE) --decode decode_a64 --width 32 -o $@ $(filter %.decode,$^)

MULTI := trix-riscv64 trix-system-riscv64 trix-aarch64 trix-system-aarch64 trix-x86_64 trix-system-x86_64

all: $(B)/trix $(addprefix $(B)/,$(MULTI))

$(B)/obj/%.o: %.c config.h | $(RV_GEN) $(A64_GEN)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(B)/libtrix.a: $(OBJS)
	@rm -f $@
	ar rcs $@ $^

$(B)/trix: $(B)/obj/$(MAIN:.c=.o) $(B)/libtrix.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(addprefix $(B)/,$(MULTI)): $(B)/trix
	ln -sf trix $@

config.h: config.mk

-include $(OBJS:.o=.d) $(B)/obj/$(MAIN:.c=.d)

# Unit tests: one binary per tests/unit/*.c, linked against libtrix.a.
UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(B)/tests/unit/%,$(UNIT_SRCS))
$(B)/tests/unit/%: tests/unit/%.c $(B)/libtrix.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(B)/libtrix.a $(LIBS)

# JIT tests (tests/jit/*.c), linked the same way.
JIT_TEST_BINS := $(patsubst tests/jit/%.c,$(B)/tests/jit/%,$(wildcard tests/jit/*.c))
$(B)/tests/jit/%: tests/jit/%.c $(B)/libtrix.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(B)/libtrix.a $(LIBS)

# Block-layer test tool and the fuzz-corpus replayer (tests/block/, fuzz/).
BLOCK_TEST_BINS := $(B)/tests/block/blktool $(B)/fuzz/qcow2-replay $(B)/fuzz/virtqueue-replay
$(B)/tests/block/%: tests/block/%.c $(B)/libtrix.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(B)/libtrix.a $(LIBS)
$(B)/fuzz/qcow2-replay: fuzz/qcow2_fuzz.c fuzz/replay.c $(B)/libtrix.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ fuzz/qcow2_fuzz.c fuzz/replay.c $(B)/libtrix.a $(LIBS)
$(B)/fuzz/virtqueue-replay: fuzz/virtqueue_fuzz.c fuzz/replay.c $(B)/libtrix.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ fuzz/virtqueue_fuzz.c fuzz/replay.c $(B)/libtrix.a $(LIBS)

tests: all $(UNIT_BINS) $(JIT_TEST_BINS) $(BLOCK_TEST_BINS)

deps:
	@scripts/install-deps.sh

# libFuzzer targets (clang): each runs FUZZ_SECONDS; new crashes land in fuzz/corpus/*/ as
# crash-* files, which make check then replays. Skipped when clang is missing.
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_SRCS := $(wildcard src/block/*.c) src/opts.c src/util.c
$(B)/fuzz/qcow2-fuzz: fuzz/qcow2_fuzz.c $(FUZZ_SRCS) config.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -I. -Iinclude \
	    -o $@ fuzz/qcow2_fuzz.c $(FUZZ_SRCS) $(DEP_CFLAGS) $(DEP_LIBS) -lpthread
VQ_FUZZ_SRCS := hw/virtio/virtio.c hw/virtio/virtqueue.c hw/virtio/iov.c src/memory.c \
	src/log.c src/util.c
$(B)/fuzz/virtqueue-fuzz: fuzz/virtqueue_fuzz.c $(VQ_FUZZ_SRCS) config.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -I. -Iinclude \
	    -o $@ fuzz/virtqueue_fuzz.c $(VQ_FUZZ_SRCS) $(DEP_CFLAGS) $(DEP_LIBS) -lpthread
fuzz:
	@if ! command -v $(FUZZ_CC) >/dev/null; then \
	    echo "make fuzz: $(FUZZ_CC) not found (apt-get install clang); skipped"; exit 0; fi; \
	$(MAKE) --no-print-directory $(B)/fuzz/qcow2-fuzz && \
	mkdir -p $(B)/fuzz/work-qcow2 && \
	$(B)/fuzz/qcow2-fuzz -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=1024 -max_len=65536 \
	    -artifact_prefix=fuzz/corpus/qcow2/ $(B)/fuzz/work-qcow2 fuzz/corpus/qcow2 && \
	$(MAKE) --no-print-directory $(B)/fuzz/virtqueue-fuzz && \
	mkdir -p $(B)/fuzz/work-virtqueue && \
	$(B)/fuzz/virtqueue-fuzz -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=1024 \
	    -max_len=65568 -artifact_prefix=fuzz/corpus/virtqueue/ $(B)/fuzz/work-virtqueue \
	    fuzz/corpus/virtqueue

check: deps
	@$(MAKE) --no-print-directory tests
	@bash tests/run.sh

demo:
	@bash scripts/demo.sh

demo-arm64:
	@bash scripts/demo.sh arm64

bench: all
	@bash tests/bench/run.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(B)/trix $(DESTDIR)$(PREFIX)/bin/trix
	for n in $(MULTI); do ln -sf trix $(DESTDIR)$(PREFIX)/bin/$$n; done

clean:
	rm -rf $(B)

distclean: clean
	rm -f config.mk config.h

.PHONY: all deps tests check bench demo demo-arm64 install clean distclean fuzz
