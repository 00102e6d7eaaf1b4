#!/usr/bin/env bash
# Extract the two published crates that need a fix for upstream LLVM's BPF backend into .patched/
# and apply patches/*.patch to them. Idempotent: a crate already patched is left alone.
#   anchor-lang 2.0.0-rc.2: build wincode and solana-system-interface without std, take `rent` from pinocchio.
#   solana-instruction-view 2.1.0: skip `compiler_fence` on upstream `bpf` ("Cannot select: AtomicFence").
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
CRATES=(anchor-lang-2.0.0-rc.2 solana-instruction-view-2.1.0)

step "fetching the published crates to patch (cargo fetch)"
cargo fetch --manifest-path scripts/fetch-crates/Cargo.toml >&2 \
  || die "fetch crates" "cargo could not download anchor-lang/solana-instruction-view from the crates.io registry"

mkdir -p .patched
for crate in "${CRATES[@]}"; do
  dest=".patched/$crate"
  if [ -f "$dest/.bulkhead-patched" ]; then continue; fi
  archive=$(ls "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/*/"$crate.crate" 2>/dev/null | head -n 1)
  [ -n "$archive" ] || die "patch $crate" "$crate.crate is not in cargo's download cache after cargo fetch"
  rm -rf "$dest"
  tar -xzf "$archive" -C .patched || die "patch $crate" "could not extract $archive"
  # git apply (git is on every machine; `patch` may not be) with paths rooted in the extracted crate.
  git apply --directory="$dest" "patches/$crate.patch" || die "patch $crate" "patches/$crate.patch did not apply"
  touch "$dest/.bulkhead-patched"
  echo "patched $dest" >&2
done
