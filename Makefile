# Jalon — the two commands that matter: `make run` and `make test`.
.PHONY: all deps build run test unit bench fuzz format clean

all: build

deps:
	@scripts/deps.sh

build: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release

run: build
	@scripts/run.sh

test: deps
	@scripts/test.sh

bench: deps
	@bench/run.sh

# libFuzzer targets (clang), FUZZ_SECONDS each (default 60); see fuzz/run.sh.
fuzz:
	@fuzz/run.sh

format:
	@git ls-files '*.cc' '*.h' | xargs clang-format -i

clean:
	rm -rf build test-results
