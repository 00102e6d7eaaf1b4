#!/usr/bin/env bash
# Runs a command against a local Solana JSON-RPC validator (tools/localnet: surfpool-core, offline,
# on 127.0.0.1) with the bulkhead program loaded at its declared id, and stops the validator when
# the command ends, whether it passed or failed.
#   scripts/localnet.sh <command...>     # BULKHEAD_RPC_URL is set for the command
#   scripts/localnet.sh                  # just run the validator until Ctrl-C
# Ports: BULKHEAD_LOCALNET_PORT (default 8899) and the next one for WebSocket.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
BIN="$LOCALNET_BIN"
SO="$ROOT/target/deploy/bulkhead.so"
[ -x "$BIN" ] || die "localnet" "$BIN is missing: run scripts/setup.sh (it builds tools/localnet)"
[ -f "$SO" ] || die "localnet" "$SO is missing: run scripts/build-sbf.sh"
PORT="${BULKHEAD_LOCALNET_PORT:-8899}"
PROGRAM_ID="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["address"])' "$ROOT/idl/bulkhead.json")"
mkdir -p "$ROOT/target"
LOG="$ROOT/target/localnet.log"

"$BIN" --port "$PORT" --ws-port "$((PORT + 1))" --bpf-program "$PROGRAM_ID" "$SO" >"$LOG" 2>&1 &
PID=$!
stop() { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }
trap stop EXIT INT TERM

URL="http://127.0.0.1:$PORT"
# getHealth answers "ok" once the RPC server is up (python3 rather than curl: it is on every machine).
healthy() {
  python3 - "$URL" <<'PY' 2>/dev/null
import json, sys, urllib.request
req = urllib.request.Request(sys.argv[1], json.dumps({"jsonrpc": "2.0", "id": 1, "method": "getHealth"}).encode(),
                             {"content-type": "application/json"})
sys.exit(0 if json.load(urllib.request.urlopen(req, timeout=2)).get("result") == "ok" else 1)
PY
}
ok=""
for _ in $(seq 1 300); do
  kill -0 "$PID" 2>/dev/null || { cat "$LOG" >&2; die "localnet" "the validator exited during start-up (log above)"; }
  if healthy; then ok=1; break; fi
  sleep 0.2
done
[ -n "$ok" ] || die "localnet" "no healthy answer from $URL within 60 s (log: $LOG)"
step "localnet healthy at $URL (program $PROGRAM_ID)"
export BULKHEAD_RPC_URL="$URL"
if [ $# -eq 0 ]; then
  wait "$PID"
else
  "$@"
fi
