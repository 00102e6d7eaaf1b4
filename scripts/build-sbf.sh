#!/usr/bin/env bash
# Build programs/bulkhead to target/deploy/bulkhead.so (and the test-only programs/dao-signer and programs/forger) with
# the rustc pinned in rust-toolchain.toml (upstream LLVM) + sbpf-linker,
# no Solana platform-tools. Extra arguments go to cargo. With platform-tools, `cargo build-sbf` or
# `anchor build` builds the same program (see README.md).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
command -v sbpf-linker >/dev/null || die "build-sbf" "sbpf-linker is not on PATH (run scripts/setup.sh)"
[ -f .patched/anchor-lang-2.0.0-rc.2/.bulkhead-patched ] || "$ROOT/scripts/patch-crates.sh"
step "building target/deploy/bulkhead.so (upstream LLVM BPF + sbpf-linker)"
# inline-threshold: functions with more than 5 arguments only link when inlined;
# profile-guided-section-prefix=false keeps cold code in .text (sbpf-linker 0.1.9 leaves calls into
# .text.unlikely unresolved).
RUSTFLAGS="-C link-arg=--llvm-args=-inline-threshold=10000 -C link-arg=--llvm-args=-profile-guided-section-prefix=false" \
RUSTC_BOOTSTRAP=1 cargo build --release -p bulkhead -p dao-signer -p forger \
  --target "$ROOT/scripts/bpfel-solana-none.json" -Z build-std=core,alloc -Z json-target-spec "$@" \
  || die "build-sbf" "cargo could not build the program for the BPF target (see the errors above)"
mkdir -p target/deploy
cp target/bpfel-solana-none/release/libbulkhead.so target/deploy/bulkhead.so
# TEST ONLY: the DAO stand-in whose PDA governs a pool through CPI in tests/tests/governance.rs.
cp target/bpfel-solana-none/release/libdao_signer.so target/deploy/dao_signer.so
# TEST ONLY: the hostile program of tests/tests/audit.rs (forged, hidden and drowned events).
cp target/bpfel-solana-none/release/libforger.so target/deploy/forger.so
for so in target/deploy/bulkhead.so target/deploy/dao_signer.so target/deploy/forger.so; do
  python3 scripts/check_unresolved_calls.py "$so" \
    || die "build-sbf" "$so has unresolved calls; it would fail at run time"
done
echo "built target/deploy/bulkhead.so ($(stat -c %s target/deploy/bulkhead.so) bytes)" >&2
# `anchor deploy` to localnet looks for the program keypair here; use the committed TEST-ONLY key.
[ -f target/deploy/bulkhead-keypair.json ] || cp tests/keys/bulkhead-program-TEST-ONLY-keypair.json target/deploy/bulkhead-keypair.json
