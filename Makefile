# heartbeatd: a Heartbeat-v1-compatible failover daemon.
#
#   make          build build/heartbeat and build/cl_status
#   make test     install missing dependencies, build, run every test, and
#                 print one final line "N passed, N failed"
#   make demo     a two-node cluster with a VIP, a shared disk and lighttpd:
#                 a power cut, the failover and the failback (test/demo.sh)
#   make bench    build build/bench/codec_bench (docs/performance.md)
#   make deps     apt-get install every build and test dependency
#   make install DESTDIR=... [PREFIX=/usr]   (make uninstall removes it again)
#
# Layout: pure modules (no sockets, clocks, processes) build into
# build/libhbcore.a; the unit tests link only that library, so a pure module
# that reaches for libev or a syscall wrapper fails to link. The libev shell
# builds into build/libhbshell.a.

CXX      ?= g++
CXXSTD   := -std=c++20
WARN     := -Wall -Wextra -Werror -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual -Wnull-dereference -Wformat=2
OPT      ?= -O2 -g
CPPFLAGS += -Iheartbeatd
TEST_CPPFLAGS := -Itest/unit
CXXFLAGS += $(CXXSTD) $(WARN) $(OPT) -MMD -MP
LDLIBS_CORE  := -lcrypto -linih
LDLIBS_SHELL := -lev -lcrypto -linih

BUILD    := build
# Parallel build for `make test` and `make demo` (one job per core).
NPROC    := $(shell nproc 2>/dev/null || echo 2)
SAN      := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

CORE_DIRS  := base config wire member cli res node fence obs convert
SHELL_DIRS := loop net log control sys exec fencer daemon

CORE_SRCS  := $(foreach d,$(CORE_DIRS),$(wildcard heartbeatd/$(d)/*.cpp))
SHELL_SRCS := $(filter-out heartbeatd/daemon/main.cpp,$(foreach d,$(SHELL_DIRS),$(wildcard heartbeatd/$(d)/*.cpp)))
UNIT_SRCS  := $(wildcard test/unit/*.cpp) $(wildcard test/unit/*/*_test.cpp)
TOOL_SRCS  := $(wildcard heartbeatd/tools/*.cpp)

obj = $(patsubst %.cpp,$(BUILD)/obj/%.o,$(1))
san = $(patsubst %.cpp,$(BUILD)/asan/%.o,$(1))

CORE_OBJS  := $(call obj,$(CORE_SRCS))
SHELL_OBJS := $(call obj,$(SHELL_SRCS))
UNIT_OBJS  := $(call obj,$(UNIT_SRCS))

PROGRAMS := $(BUILD)/heartbeat $(BUILD)/cl_status $(BUILD)/hb_standby $(BUILD)/hb_takeover $(BUILD)/send_arp \
            $(BUILD)/stonith $(BUILD)/meatclient $(BUILD)/hb_status $(BUILD)/hb_history \
            $(BUILD)/haresources2pcmk $(BUILD)/hb-fence-peer

.PHONY: all
all: $(PROGRAMS)

$(BUILD)/obj/%.o: %.cpp
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS) $(if $(filter test/%,$<),$(TEST_CPPFLAGS)) $(CXXFLAGS) -c $< -o $@

$(BUILD)/asan/%.o: %.cpp
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS) $(if $(filter test/%,$<),$(TEST_CPPFLAGS)) $(CXXFLAGS) $(SAN) -O1 -c $< -o $@

$(BUILD)/libhbcore.a: $(CORE_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/libhbshell.a: $(SHELL_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/heartbeat: $(call obj,heartbeatd/daemon/main.cpp) $(BUILD)/libhbshell.a $(BUILD)/libhbcore.a
	$(CXX) $(CXXFLAGS) -o $@ $^ $(LDLIBS_SHELL)

$(BUILD)/cl_status: $(call obj,heartbeatd/tools/cl_status.cpp) $(BUILD)/libhbshell.a $(BUILD)/libhbcore.a
	$(CXX) $(CXXFLAGS) -o $@ $^ $(LDLIBS_SHELL)

# Gratuitous ARP sender for the IPaddr/IPaddr2/SendArp scripts (libnet).
$(BUILD)/send_arp: $(call obj,heartbeatd/tools/send_arp.cpp) $(BUILD)/libhbcore.a
	$(CXX) $(CXXFLAGS) -o $@ $^ -lnet

$(BUILD)/hb_standby: $(call obj,heartbeatd/tools/hb_standby.cpp) $(BUILD)/libhbshell.a $(BUILD)/libhbcore.a
	$(CXX) $(CXXFLAGS) -o $@ $^ $(LDLIBS_SHELL)

# DRBD's fence-peer handler (drbd-helper/; man/drbddisk.8).
$(BUILD)/hb-fence-peer: $(call obj,drbd-helper/hb_fence_peer.cpp) $(BUILD)/libhbshell.a $(BUILD)/libhbcore.a
	$(CXX) $(CXXFLAGS) -o $@ $^ $(LDLIBS_SHELL)

# STONITH front-end (heartbeatd's plugin runner) and meatware's meatclient.
$(BUILD)/stonith: $(call obj,heartbeatd/tools/stonith.cpp) $(BUILD)/libhbshell.a $(BUILD)/libhbcore.a
	$(CXX) $(CXXFLAGS) -o $@ $^ $(LDLIBS_SHELL)

$(BUILD)/meatclient: stonith/meatclient
	@mkdir -p $(@D)
	install -m 755 $< $@

# Heartbeat v1 configuration to Corosync 3 + Pacemaker (docs/pacemaker.md).
$(BUILD)/haresources2pcmk: $(call obj,heartbeatd/tools/haresources2pcmk.cpp) $(BUILD)/libhbcore.a
	$(CXX) $(CXXFLAGS) -o $@ $^ $(LDLIBS_CORE)

# One program, two names (it reads argv[0]).
$(BUILD)/hb_takeover: $(BUILD)/hb_standby
	ln -f $< $@

# hb_status --json / hb_history: heartbeatd's own status views (one program).
$(BUILD)/hb_status: $(call obj,heartbeatd/tools/hb_status.cpp) $(BUILD)/libhbshell.a $(BUILD)/libhbcore.a
	$(CXX) $(CXXFLAGS) -o $@ $^ $(LDLIBS_SHELL)

$(BUILD)/hb_history: $(BUILD)/hb_status
	ln -f $< $@

# Unit tests: doctest, linked against the pure core only.
$(BUILD)/unit_tests: $(UNIT_OBJS) $(BUILD)/libhbcore.a
	$(CXX) $(CXXFLAGS) -o $@ $^ $(LDLIBS_CORE)

$(BUILD)/asan/unit_tests: $(call san,$(UNIT_SRCS) $(CORE_SRCS))
	$(CXX) $(CXXFLAGS) $(SAN) -o $@ $^ $(LDLIBS_CORE)

# Test helpers built from test/ (e.g. the namespace init process).
TEST_TOOL_SRCS := $(wildcard test/lib/*.cpp)
TEST_TOOLS := $(patsubst test/lib/%.cpp,$(BUILD)/test/%,$(TEST_TOOL_SRCS))
$(BUILD)/test/%: test/lib/%.cpp $(BUILD)/libhbcore.a
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS) $(CXXSTD) $(WARN) $(OPT) -o $@ $< $(BUILD)/libhbcore.a $(LDLIBS_CORE)

# Benchmarks (docs/performance.md): not part of `make test`. When the
# cluster-glue headers are installed (cluster-glue-dev), codec_bench also
# measures Heartbeat 3.0.6's own codec (libplumb + heartbeat's auth plugins).
BENCH_306 := $(shell test -f /usr/include/heartbeat/ha_msg.h && test -f /usr/include/pils/plugin.h && echo yes)
BENCH_306_FLAGS := $(if $(BENCH_306),-DHB_BENCH_WITH_306 -isystem /usr/include/heartbeat $(patsubst -I%,-isystem %,$(shell pkg-config --cflags glib-2.0 2>/dev/null)))
BENCH_306_LIBS := $(if $(BENCH_306),-lplumb -lpils $(shell pkg-config --libs glib-2.0 2>/dev/null))
.PHONY: bench
bench: $(BUILD)/bench/codec_bench
# hb306_codec is C: the cluster-glue headers are not valid C++. libplumb must
# come before libcrypto: heartbeat's md5 plugin calls an unversioned HMAC()
# that has to resolve to libplumb's (5 arguments), not OpenSSL's.
$(BUILD)/bench/hb306_codec.o: bench/hb306_codec.c bench/hb306_codec.h
	@mkdir -p $(@D)
	$(CC) -std=gnu11 -Wall -Wextra -Werror $(OPT) $(BENCH_306_FLAGS) -c $< -o $@
$(BUILD)/bench/codec_bench: bench/codec_bench.cpp bench/hb306_codec.h $(BUILD)/bench/hb306_codec.o $(BUILD)/libhbcore.a
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS) $(filter-out -MMD -MP,$(CXXFLAGS)) -o $@ $< $(BUILD)/bench/hb306_codec.o $(BUILD)/libhbcore.a $(BENCH_306_LIBS) $(LDLIBS_CORE)

# Pure modules must not include I/O headers (house style 4.1).
.PHONY: check-pure
check-pure:
	@bad=$$(grep -nE '#include *<(ev\.h|ev\+\+\.h|unistd\.h|sys/socket\.h|netinet/[a-z_]*\.h|arpa/inet\.h|fcntl\.h|sys/stat\.h)' \
	        $(foreach d,$(CORE_DIRS),heartbeatd/$(d)/*.h heartbeatd/$(d)/*.cpp) 2>/dev/null; \
	      grep -nE '(steady_clock|system_clock)::now|[^_]time\(nullptr\)|[^_]time\(NULL\)' \
	        $(foreach d,$(CORE_DIRS),heartbeatd/$(d)/*.h heartbeatd/$(d)/*.cpp) 2>/dev/null); \
	if [ -n "$$bad" ]; then echo "pure module reaches for I/O or a clock:"; echo "$$bad"; exit 1; fi

# Dependencies -------------------------------------------------------------
BUILD_DEPS := g++ make libev-dev libssl-dev doctest-dev libnet1-dev libinih-dev
# cluster-glue: its external plugins, stonith command and null plugin are
# driven by the STONITH tests; fence-agents: fence_dummy (stonith_plugins.t).
TEST_DEPS  := iproute2 nftables socat util-linux procps psmisc heartbeat curl lighttpd e2fsprogs tcpdump kmod net-tools \
              systemd man-db groff-base python3 jq \
              cluster-glue fence-agents \
              pacemaker-cli-utils pacemaker-resource-agents resource-agents corosync crmsh drbd-utils pcs iputils-ping
DEPS := $(BUILD_DEPS) $(TEST_DEPS)

.PHONY: deps deps-if-missing
# .ci/apt-install keeps the packages' own services from starting on this
# machine (a temporary policy-rc.d); the tests run them in namespaces only.
deps:
	sh .ci/apt-install $(DEPS)

# Installs only when a package is missing, so repeated `make test` stays fast.
deps-if-missing:
	@missing=""; for p in $(DEPS); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing missing packages:$$missing"; \
	  sh .ci/apt-install $$missing || exit 1; \
	fi

# Tests --------------------------------------------------------------------
.PHONY: test unit
test: deps-if-missing
	$(MAKE) -j$(NPROC) all $(BUILD)/send_arp $(BUILD)/unit_tests $(BUILD)/asan/unit_tests $(TEST_TOOLS)
	@bash test/run-all

# The README's demo: two nodes, a virtual IP, a shared disk, lighttpd, a
# power cut and the failover (test/demo.sh; about 20 s; cleans up after itself).
.PHONY: demo
demo: deps-if-missing
	$(MAKE) -j$(NPROC) all $(BUILD)/send_arp $(TEST_TOOLS)
	@bash test/demo.sh

unit: $(BUILD)/unit_tests
	$(BUILD)/unit_tests

# Install where Debian's heartbeat package puts things ---------------------
PREFIX  ?= /usr
DESTDIR ?=
RESOURCE_SCRIPTS := $(filter-out resource.d/.%,$(wildcard resource.d/*))
RESOURCE_FUNCS   := $(wildcard resource.d/.hbd-*)
MAN_PAGES        := $(wildcard man/*.[1-8])
# Debian's paths: the unit in /lib/systemd/system (not under PREFIX), the
# tmpfiles.d file under PREFIX/lib.
SYSTEMD_UNITDIR ?= /lib/systemd/system
TMPFILES_DIR    ?= $(PREFIX)/lib/tmpfiles.d
LIBEXEC := $(PREFIX)/libexec/heartbeat
# Every file `make install` writes (uninstall removes exactly these; the
# directories and shellfuncs, which Debian's package may own, stay).
DRBDDISK := /etc/ha.d/resource.d/drbddisk
INSTALLED_FILES := $(LIBEXEC)/heartbeat $(LIBEXEC)/send_arp $(PREFIX)/bin/cl_status \
    $(PREFIX)/share/heartbeat/hb_standby $(PREFIX)/share/heartbeat/hb_takeover \
    $(PREFIX)/bin/hb_standby $(PREFIX)/bin/hb_takeover \
    $(addprefix /etc/ha.d/resource.d/,$(notdir $(RESOURCE_SCRIPTS) $(RESOURCE_FUNCS))) \
    $(foreach f,$(MAN_PAGES),$(PREFIX)/share/man/man$(subst .,,$(suffix $(f)))/$(notdir $(f))) \
    $(SYSTEMD_UNITDIR)/heartbeat.service /etc/init.d/heartbeat /etc/logrotate.d/heartbeat \
    $(TMPFILES_DIR)/heartbeat.conf \
    $(LIBEXEC)/stonith $(LIBEXEC)/meatclient $(PREFIX)/bin/hb_status $(PREFIX)/bin/hb_history \
    $(PREFIX)/sbin/haresources2pcmk $(LIBEXEC)/hb-fence-peer $(DRBDDISK) \
    $(addprefix $(PREFIX)/lib/heartbeatd/stonith/,$(notdir $(wildcard stonith/plugins/*)))

.PHONY: install uninstall install-list
install: all
	install -d $(DESTDIR)$(LIBEXEC) $(DESTDIR)$(PREFIX)/bin $(DESTDIR)/etc/ha.d \
	    $(DESTDIR)/var/lib/heartbeat
	install -s -m 0755 $(BUILD)/heartbeat $(DESTDIR)$(LIBEXEC)/heartbeat
	# cl_status is setgid haclient as in Debian, so any user can query.
	install -s -m 0755 $(BUILD)/cl_status $(DESTDIR)$(PREFIX)/bin/cl_status
	if getent group haclient >/dev/null; then chgrp haclient $(DESTDIR)$(PREFIX)/bin/cl_status && chmod 2555 $(DESTDIR)$(PREFIX)/bin/cl_status; fi
	install -s -m 0755 $(BUILD)/send_arp $(DESTDIR)$(LIBEXEC)/send_arp
	# v1 resource scripts (resource.d/*) and the function files they source.
	install -d $(DESTDIR)/etc/ha.d/resource.d
	install -m 0755 $(RESOURCE_SCRIPTS) $(DESTDIR)/etc/ha.d/resource.d/
	install -m 0644 $(RESOURCE_FUNCS) $(DESTDIR)/etc/ha.d/resource.d/
	# shellfuncs for operators' rc.d hooks; Debian's heartbeat package owns
	# the file when it is installed, so never replace one.
	[ -e $(DESTDIR)/etc/ha.d/shellfuncs ] || install -m 0644 etc/ha.d/shellfuncs $(DESTDIR)/etc/ha.d/shellfuncs
	install -d $(DESTDIR)/etc/ha.d/rc.d
	# DRBD: the fence-peer handler, and drbddisk unless drbd-utils' own is
	# there (both speak the same command line).
	install -s -m 0755 $(BUILD)/hb-fence-peer $(DESTDIR)$(PREFIX)/libexec/heartbeat/hb-fence-peer
	if [ ! -e $(DESTDIR)/etc/ha.d/resource.d/drbddisk ] || grep -q 'heartbeatd' $(DESTDIR)/etc/ha.d/resource.d/drbddisk; then \
	  install -m 0755 drbd-helper/drbddisk $(DESTDIR)/etc/ha.d/resource.d/drbddisk; fi
	install -d $(DESTDIR)$(PREFIX)/share/heartbeat
	install -s -m 0755 $(BUILD)/hb_standby $(DESTDIR)$(PREFIX)/share/heartbeat/hb_standby
	ln -f $(DESTDIR)$(PREFIX)/share/heartbeat/hb_standby $(DESTDIR)$(PREFIX)/share/heartbeat/hb_takeover
	ln -sf ../share/heartbeat/hb_standby $(DESTDIR)$(PREFIX)/bin/hb_standby
	ln -sf ../share/heartbeat/hb_takeover $(DESTDIR)$(PREFIX)/bin/hb_takeover
	# STONITH: built-in plugins where the daemon looks for them (its
	# ../../lib/heartbeatd/stonith); the front-end and meatclient beside the
	# daemon, off PATH (cluster-glue's stonith and meatclient keep their names).
	install -d $(DESTDIR)$(PREFIX)/lib/heartbeatd/stonith
	install -m 0755 stonith/plugins/* $(DESTDIR)$(PREFIX)/lib/heartbeatd/stonith/
	install -s -m 0755 $(BUILD)/stonith $(DESTDIR)$(PREFIX)/libexec/heartbeat/stonith
	install -m 0755 $(BUILD)/meatclient $(DESTDIR)$(PREFIX)/libexec/heartbeat/meatclient
	install -d $(DESTDIR)$(PREFIX)/sbin
	install -s -m 0755 $(BUILD)/haresources2pcmk $(DESTDIR)$(PREFIX)/sbin/haresources2pcmk
	install -s -m 0755 $(BUILD)/hb_status $(DESTDIR)$(PREFIX)/bin/hb_status
	ln -f $(DESTDIR)$(PREFIX)/bin/hb_status $(DESTDIR)$(PREFIX)/bin/hb_history
	for f in $(MAN_PAGES); do s=$${f##*.}; \
	  install -d $(DESTDIR)$(PREFIX)/share/man/man$$s; install -m 0644 $$f $(DESTDIR)$(PREFIX)/share/man/man$$s/; done
	# Service management: systemd unit, LSB init script, logrotate, tmpfiles.d.
	install -d $(DESTDIR)$(SYSTEMD_UNITDIR) $(DESTDIR)/etc/init.d $(DESTDIR)/etc/logrotate.d $(DESTDIR)$(TMPFILES_DIR)
	sed 's|/usr/libexec/heartbeat/|$(LIBEXEC)/|g' etc/systemd/heartbeat.service >$(DESTDIR)$(SYSTEMD_UNITDIR)/heartbeat.service
	chmod 0644 $(DESTDIR)$(SYSTEMD_UNITDIR)/heartbeat.service
	sed 's|/usr/libexec/heartbeat/|$(LIBEXEC)/|g' etc/init.d/heartbeat >$(DESTDIR)/etc/init.d/heartbeat
	chmod 0755 $(DESTDIR)/etc/init.d/heartbeat
	install -m 0644 etc/logrotate.d/heartbeat $(DESTDIR)/etc/logrotate.d/heartbeat
	install -m 0644 etc/tmpfiles.d/heartbeat.conf $(DESTDIR)$(TMPFILES_DIR)/heartbeat.conf

# Removes every file install wrote, nothing else (configuration in
# /etc/ha.d, state in /var/lib/heartbeat and shared directories stay).
uninstall:
	rm -f $(addprefix $(DESTDIR),$(filter-out $(DRBDDISK),$(INSTALLED_FILES)))
	# drbddisk only when it is ours (install keeps drbd-utils' own).
	if grep -qs heartbeatd $(DESTDIR)$(DRBDDISK); then rm -f $(DESTDIR)$(DRBDDISK); fi
	# shellfuncs only when it is still the copy install wrote.
	if cmp -s etc/ha.d/shellfuncs $(DESTDIR)/etc/ha.d/shellfuncs; then rm -f $(DESTDIR)/etc/ha.d/shellfuncs; fi
	# Our directories, when nothing else is left in them.
	-rmdir $(DESTDIR)$(PREFIX)/lib/heartbeatd/stonith $(DESTDIR)$(PREFIX)/lib/heartbeatd $(DESTDIR)$(PREFIX)/share/heartbeat $(DESTDIR)$(LIBEXEC) $(DESTDIR)/etc/ha.d/resource.d \
	    $(DESTDIR)/etc/ha.d/rc.d $(DESTDIR)/etc/ha.d $(DESTDIR)/var/lib/heartbeat 2>/dev/null || true

# The files install writes, one a line (for packaging and test/integration/packaging.t).
install-list:
	@printf '%s\n' $(INSTALLED_FILES)

.PHONY: clean
clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' -type f 2>/dev/null)
