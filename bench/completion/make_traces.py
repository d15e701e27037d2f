#!/usr/bin/python3
"""Generates the typing traces the completion benchmark replays (bench/completion/traces/*.json).

Each source file in sources/ is "typed" character by character with a deterministic, seeded model of a
person at a keyboard: log-normal gaps between keys (median 120 ms), a pause to think at most line starts and
now and then after "(", "=", "," or a space, and a few typos fixed with a backspace. After a newline the
editor inserts the next line's indentation at once, as editors do. Re-running this script reproduces the
committed traces byte for byte.

Trace format: {"path", "language", "text" (the final file), "events": [[t_ms, "inserted text"] or
[t_ms, -1] for one backspace, ...]} with t_ms from the start of the trace.
"""
import json
import math
import pathlib
import random

HERE = pathlib.Path(__file__).resolve().parent
LANGUAGES = {".cpp": "cpp", ".py": "python", ".go": "go", ".ts": "typescript", ".rs": "rust"}
NEIGHBOURS = "qwertyuiopasdfghjklzxcvbnm"


def gap(rng):
    return min(700, max(40, int(rng.lognormvariate(math.log(120), 0.35))))


def typo_for(ch, rng):
    i = NEIGHBOURS.find(ch.lower())
    if i < 0:
        return None
    j = max(0, min(len(NEIGHBOURS) - 1, i + rng.choice([-1, 1])))
    return NEIGHBOURS[j]


def trace(path):
    text = path.read_text()
    rng = random.Random(path.name)
    events = []
    t = 0
    i = 0
    while i < len(text):
        ch = text[i]
        # The first key of a line (after the editor's auto-indent).
        line_start = text[text.rfind("\n", 0, i) + 1:i].strip(" \t") == ""
        if line_start and ch != "\n" and rng.random() < 0.65:
            t += rng.randint(500, 1800)  # think before a line
        elif i > 0 and text[i - 1] in "(=, " and rng.random() < 0.06:
            t += rng.randint(400, 1200)  # think mid-statement
        else:
            t += gap(rng)
        wrong = typo_for(ch, rng) if ch.isalpha() and rng.random() < 0.012 else None
        if wrong:
            events.append([t, wrong])
            t += rng.randint(150, 350)
            events.append([t, -1])
            t += gap(rng)
        if ch == "\n":
            # The newline, then the editor's auto-indent for the next line in the same instant.
            j = i + 1
            while j < len(text) and text[j] in " \t":
                j += 1
            events.append([t, text[i:j] if j > i + 1 else "\n"])
            i = j
            continue
        events.append([t, ch])
        i += 1
    return {"path": path.name, "language": LANGUAGES[path.suffix], "text": text, "events": events}


def main():
    out = HERE / "traces"
    out.mkdir(exist_ok=True)
    for src in sorted((HERE / "sources").iterdir()):
        tr = trace(src)
        (out / (src.stem + ".json")).write_text(json.dumps(tr, ensure_ascii=False, separators=(",", ":")) + "\n")
        print(f"{src.name}: {len(tr['events'])} events, {tr['events'][-1][0] / 1000:.0f} s")


if __name__ == "__main__":
    main()
