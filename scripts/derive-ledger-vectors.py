#!/usr/bin/env python3
"""Derives the ledger conformance vectors the tests read from ../shared/data/merkle-vectors into the project's own
format: one JSON object per line, {"set": <section>, ...the vector's facts}, the first line naming the sources.

The upstream files are not committed (shared/data/README.md); their facts are, with each vector's `source` kept.
Run it again when shared/data changes; DerivedVectorsTests checks the derived file against shared/data when it is there.
"""
import json
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parent.parent
shared = root.parent / "shared" / "data" / "merkle-vectors"
if not shared.is_dir():
    sys.exit(f"{shared} not found: run this beside the shared folder")

out = root / "tests" / "Sunlight.Core.Tests" / "Ledger" / "Vectors" / "ledger-vectors.ndjson"
lines = []
about = {"set": "about", "derivedFrom": ["shared/data/merkle-vectors/vectors.json", "shared/data/merkle-vectors/tlog-vectors.json"],
         "by": "scripts/derive-ledger-vectors.py", "sources": []}
for name in ["vectors.json", "tlog-vectors.json"]:
    data = json.loads((shared / name).read_text(encoding="utf-8"))
    about["sources"].append({"file": name, "provenance": data.get("provenance") or data.get("sources")})
    for section, value in data.items():
        if section in ("schema", "title", "conventions", "provenance", "sources"):
            continue
        if isinstance(value, list):
            for entry in value:
                lines.append({"set": section, **entry})
        else:
            lines.append({"set": section, **value})

with out.open("w", encoding="utf-8", newline="\n") as f:
    f.write(json.dumps(about, ensure_ascii=False, sort_keys=True) + "\n")
    for line in lines:
        f.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
print(f"{out}: {len(lines)} vectors")
