#!/usr/bin/env bash
# One command from a fresh machine (rustup, node 20, Python 3, gcc) to a built
# program and a demo run: installs the toolchain pieces, patches two crates at setup time, builds
# target/deploy/bulkhead.so on upstream LLVM and the local validator, then runs the demo against it.
#   scripts/setup.sh            # install + build + demo
#   scripts/setup.sh --no-demo  # install + build only (CI)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

step "checking the machine"
for tool in cargo rustup python3 git readelf node npm; do
  command -v "$tool" >/dev/null || die "check tools" "'$tool' is not installed (needed: Rust via rustup, Python 3, git, binutils, node 20 + npm)"
done

TOOLCHAIN=$(sed -n 's/^channel = "\(.*\)"$/\1/p' "$ROOT/rust-toolchain.toml")
step "Rust $TOOLCHAIN (pinned in rust-toolchain.toml) with rust-src, rustfmt and clippy (build-std needs rust-src; the tests run fmt and clippy)"
rustup toolchain install "$TOOLCHAIN" --profile minimal --component rust-src,rustfmt,clippy >&2 \
  || die "rust toolchain" "rustup could not install Rust $TOOLCHAIN with rust-src, rustfmt and clippy (its own server did not answer); -Z build-std cannot build core without rust-src"

step "sbpf-linker 0.1.9 (links upstream LLVM BPF bitcode into an SBF .so)"
if ! sbpf-linker --version 2>/dev/null | grep -q "0.1.9"; then
  # 0.2.x needs LLVM 23, newer than stable rustc's LLVM 22.
  cargo install sbpf-linker@0.1.9 --locked >&2 \
    || die "sbpf-linker" "cargo install sbpf-linker@0.1.9 failed (see above)"
fi

"$ROOT/scripts/patch-crates.sh"
"$ROOT/scripts/build-sbf.sh"

step "local JSON-RPC validator (tools/localnet: surfpool-core 1.6.1; ~15 min the first time on a machine, then seconds)"
# Its own workspace and target folder ($LOCALNET_TARGET, see lib.sh), so the validator's crates
# never touch the program's builds; cargo rebuilds only what changed.
cargo build --release --locked --manifest-path "$ROOT/tools/localnet/Cargo.toml" --target-dir "$LOCALNET_TARGET" >&2 \
  || die "localnet" "cargo could not build tools/localnet (surfpool-core); see above"

step "TypeScript client dependencies (npm install, versions pinned by package-lock.json)"
# Not `npm ci`: npm 11 leaves litesvm's other-platform optional binaries out of the lockfile and
# then `npm ci` refuses it as out of sync. `npm install` installs the same pinned versions.
(cd "$ROOT" && npm install --no-audit --no-fund >&2) || die "npm install" "npm could not install the TypeScript dependencies"

if [ "${1:-}" != "--no-demo" ]; then
  step "demo: two pools on the local JSON-RPC validator, through the TypeScript client (app/examples/demo.ts)"
  "$ROOT/scripts/localnet.sh" npx tsx app/examples/demo.ts
fi
