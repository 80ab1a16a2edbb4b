# datacat: the two set-up commands are `make run` and `make test` (see README.md).
# Every target installs the Debian packages it needs first, so a fresh machine works.

BUILD_DIR ?= build
DATA_DIR ?= data
JOBS ?= $(shell nproc)
DATACAT := $(BUILD_DIR)/datacat

# Debian packages the build and the tests need.
DEB_PACKAGES := build-essential cmake ninja-build pkg-config \
  libxapian-dev xapian-tools libsqlite3-dev libicu-dev nlohmann-json3-dev libcivetweb-dev \
  libcli11-dev libspdlog-dev libfmt-dev libgtest-dev libgmock-dev libbenchmark-dev \
  libssl-dev libroaring-dev libtomlplusplus-dev libcpp-httplib-dev sqlite3
BENCH_PACKAGES := wrk time curl iproute2 util-linux
# The libFuzzer harnesses (tests/fuzz) build with clang and its fuzzer and ASan runtimes.
FUZZ_PACKAGES := clang libclang-rt-14-dev
# The browser tests: Debian's chromium (driven by playwright-core from npm) and fonts.
WEB_TEST_PACKAGES := chromium fonts-dejavu-core fonts-liberation

.PHONY: run test test-sanitizers test-tsan fuzz build deps web-test-deps bench-deps bench sample \
  bench-relevance \
  clean format

deps:
	@scripts/install-deps.sh $(DEB_PACKAGES)

# Node.js and npm come from Debian when the machine has none; playwright-core from npm,
# pinned by tests/web/package-lock.json.
web-test-deps: deps
	@scripts/install-deps.sh $(WEB_TEST_PACKAGES)
	@command -v node >/dev/null && command -v npm >/dev/null || scripts/install-deps.sh nodejs npm
	cd tests/web && npm ci --no-audit --no-fund --loglevel=error

bench-deps:
	@scripts/install-deps.sh $(DEB_PACKAGES) $(BENCH_PACKAGES)

$(BUILD_DIR)/build.ninja: CMakeLists.txt
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS)

# Loads the bundled sample catalog into an empty data directory, then starts the server
# on 127.0.0.1:$(PORT) (Ctrl-C stops it).
PORT ?= 8080
run: build
	@scripts/load-sample.sh $(DATACAT) $(DATA_DIR)
	$(DATACAT) serve --data-dir $(DATA_DIR) --port $(PORT)

test: build web-test-deps
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# The unit, HTTP, CLI and relevance tests once more, built with AddressSanitizer and
# UndefinedBehaviorSanitizer (any report fails the test). CI runs it after `make test`
# (~13 minutes on 2 cores, most of it compiling). The reliability tests run in `make test`
# and, the concurrency one, under TSan in `make test-tsan`.
SANITIZE_DIR ?= build-asan
SANITIZED_TESTS := indexer_tests glossary_tests server_unit_tests http_tests cli_tests \
  cli_token_tests replication_tests scaling_tests relevance_tests datacat
test-sanitizers: deps
	cmake -S . -B $(SANITIZE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -g1" \
	  -DDATACAT_SANITIZE=address,undefined
	cmake --build $(SANITIZE_DIR) -j $(JOBS) --target $(SANITIZED_TESTS)
	cd $(SANITIZE_DIR) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS) -E 'web_browser_tests|reliability_tests'

# The server and the concurrency test (searches under writes and reindex swaps for 60 s)
# built with ThreadSanitizer; a race reported in any of its processes fails it.
TSAN_DIR ?= build-tsan
test-tsan: deps
	cmake -S . -B $(TSAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -g1" \
	  -DDATACAT_SANITIZE=thread
	cmake --build $(TSAN_DIR) -j $(JOBS) --target datacat reliability_tests
	cd $(TSAN_DIR) && TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
	  ./reliability_tests --gtest_filter='ConcurrencyTest.*'

# Every libFuzzer harness (tests/fuzz) from its seed corpus, with ASan and UBSan, each on a
# thread with a server handler's stack: FUZZ_SECONDS each, and the HTTP harness (every route,
# every body format) FUZZ_HTTP_SECONDS. Any crash, leak or timeout fails (its input lands in
# $(FUZZ_DIR)/fuzz-findings/).
FUZZ_DIR ?= build-fuzz
FUZZ_SECONDS ?= 30
FUZZ_HTTP_SECONDS ?= 180
fuzz: deps
	@scripts/install-deps.sh $(FUZZ_PACKAGES)
	cmake -S . -B $(FUZZ_DIR) -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=None \
	  -DCMAKE_CXX_FLAGS="-O1 -gline-tables-only" \
	  -DDATACAT_SANITIZE=fuzzer-no-link,address,undefined -DDATACAT_FUZZ=ON
	cmake --build $(FUZZ_DIR) -j $(JOBS) --target fuzzers
	tests/fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS) fuzz_asset_json fuzz_ndjson fuzz_glue_import \
	  fuzz_query fuzz_glossary_csv
	tests/fuzz/run.sh $(FUZZ_DIR) $(FUZZ_HTTP_SECONDS) fuzz_http

# Search quality (docs/relevance.md): judged query sets through datacat's default search and
# a plain BM25 baseline in the same run; P@5, R@5, MAP, MRR and nDCG@10 per set.
bench-relevance: build
	$(BUILD_DIR)/datacat-relevance --source . --kinds

bench: bench-deps build
	bench/run.sh

format:
	git ls-files '*.cc' '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR) $(SANITIZE_DIR) $(TSAN_DIR) $(FUZZ_DIR)
