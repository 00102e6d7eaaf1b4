#!/usr/bin/env python3
"""Fail when an SBF .so holds `call` instructions whose immediate is the -1 placeholder with no
relocation: sbpf-linker 0.1.9 leaves calls into `.text.unlikely.*` functions unresolved, and such a
call aborts at run time."""
import re
import subprocess
import sys

so = sys.argv[1]
sections = subprocess.run(["readelf", "-SW", so], capture_output=True, text=True, check=True).stdout
m = re.search(r"\.text\s+PROGBITS\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)", sections)
if not m:
    sys.exit(f"{so}: no .text section")
addr, off, size = (int(x, 16) for x in m.groups())
relocs = subprocess.run(["readelf", "-rW", so], capture_output=True, text=True, check=True).stdout
reloc_insns = {(int(l.split()[0], 16) - addr) // 8 for l in relocs.splitlines() if "R_BPF_INSN_DISP32" in l}
text = open(so, "rb").read()[off:off + size]
bad = [i for i in range(len(text) // 8)
       if text[i * 8] == 0x85 and text[i * 8 + 1] == 0x10
       and int.from_bytes(text[i * 8 + 4:i * 8 + 8], "little", signed=True) == -1 and i not in reloc_insns]
if bad:
    sys.exit(f"{so}: unresolved pseudo-calls at instruction indexes {bad}")
print(f"{so}: {len(text) // 8} instructions, no unresolved calls")
