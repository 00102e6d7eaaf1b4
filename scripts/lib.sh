# Shared helpers for the bulkhead scripts (sourced, not run).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"
step() { printf '\n==> %s\n' "$*" >&2; }
# die STEP WHY: stop with a message naming the step that failed and why.
die() { printf '\nbulkhead setup: step "%s" failed: %s\n' "$1" "$2" >&2; exit 1; }
# The local validator (tools/localnet) builds into a per-user cache folder of its own, outside the
# clone: its ~1,000 crates take ~15 min on 2 cores the first time and are then reused by every
# clone on the machine (like `cargo install`ed tools), while the program's target/ stays small.
LOCALNET_TARGET="${BULKHEAD_LOCALNET_TARGET:-$HOME/.cache/bulkhead/localnet-target}"
LOCALNET_BIN="$LOCALNET_TARGET/release/bulkhead-localnet"
