#!/usr/bin/env bash
# Every test, after scripts/setup.sh: formatting and lints, rustdoc, host unit and property tests, LiteSVM
# integration tests on the real .so, the compute-unit budgets, the NAV fairness budget, the
# committed IDL, the TypeScript client tests, and the TypeScript suites over JSON-RPC against a
# local validator.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
# Rebuild the .so first (a no-op when nothing changed) so every test runs the current program.
"$ROOT/scripts/build-sbf.sh"

step "formatting (cargo fmt --check) and lints (cargo clippy -D warnings)"
cargo fmt --all -- --check
# --ignore-rust-version: litesvm's agave 4.3 crates declare rustc 1.97.1 but build on 1.95.
cargo clippy --workspace --all-targets --ignore-rust-version -- -D warnings

step "rustdoc of the program and the verifier (broken or private doc links fail)"
RUSTDOCFLAGS="-D warnings" cargo doc -q --no-deps -p bulkhead -p bulkhead-audit --ignore-rust-version

step "Rust: unit and property tests (host), LiteSVM integration tests on target/deploy/bulkhead.so"
# Keep one profile for every host unit: the program's `cdylib` crate type makes cargo drop the hash
# from its lib's file names, so two differently-built copies (e.g. a panic=abort dev profile for bins
# next to the unwinding test harness) would overwrite each other (cargo issue 6313).
cargo test --workspace --ignore-rust-version

step "compute-unit and size budgets (benches/compute_units.md)"
cargo run -q -p bulkhead-tests --ignore-rust-version --bin bench -- --check >/dev/null

step "NAV fairness budget on seeded realistic books (benches/nav_fairness.md)"
cargo run -q -p bulkhead-tests --ignore-rust-version --bin nav_fairness -- --check

step "committed IDL is current (idl/bulkhead.json)"
cargo run -q -p bulkhead-idl --ignore-rust-version -- --check

step "TypeScript client tests (LiteSVM, and the regenerated Codama client) and formatting (prettier)"
[ -d node_modules ] || npm install --no-audit --no-fund >&2
npm run -s format:check
npm test

step "TypeScript suites over JSON-RPC against the localnet (scripts/localnet.sh starts and stops it)"
"$ROOT/scripts/localnet.sh" npm run test:localnet
