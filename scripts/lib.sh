# Shared helpers for the bulkhead scripts (sourced, not run).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"
step() { printf '\n==> %s\n' "$*" >&2; }
# die STEP WHY: stop with a message naming the step that failed and why.
die() { printf '\nbulkhead setup: step "%s" failed: %s\n' "$1" "$2" >&2; exit 1; }
