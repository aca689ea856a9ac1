"""Seconds a `leafwright watch` rebuild takes after a one-word edit (median of N edits), the
way watch does it: one process, `Watcher.rebuild` with the saved file. Includes writing the PDF.

    python benchmarks/watch_edit.py [PUBLICATION] [N]
"""

from __future__ import annotations

import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from leafwright.watch import Watcher


def edit_times(publication: Path, n: int = 9) -> list[float]:
    with tempfile.TemporaryDirectory() as tmp:
        pub = Path(tmp) / "pub"
        shutil.copytree(publication, pub)
        w = Watcher(pub, Path(tmp) / "out")
        first = w.rebuild(None)
        if not first.result.ok:
            raise SystemExit(first.summary())
        doc = sorted(p for p in pub.rglob("*.yaml") if "body:" in p.read_text(encoding="utf-8"))[0]
        text = doc.read_text(encoding="utf-8")
        body = text.index("body:")
        word = re.compile(r"(?<=\s)([a-z]{6,})(?=[\s.,])").search(text, body)
        times = []
        for i in range(n):
            new = word.group(1).upper() if i % 2 == 0 else word.group(1)
            doc.write_text(text[:word.start()] + new + text[word.end():], encoding="utf-8")
            start = time.perf_counter()
            done = w.rebuild([doc])
            times.append(time.perf_counter() - start)
            if done is None or not done.result.written:
                raise SystemExit(f"the edit of '{word.group(1)}' in {doc} rebuilt nothing")
        return times


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "content")
    print(f"{statistics.median(edit_times(folder, int(sys.argv[2]) if len(sys.argv) > 2 else 9)):.4f}")
