"""Where the server's time goes: a sampling profile (py-spy) of the app under bench/load.py.

Starts the app (or `--app` another script) on a free loopback port, warms it up, then samples the
server process with py-spy while simulated sessions walk their views, and prints the frames that
were on the stack in the largest share of the samples:

- "on stack" (inclusive): the share of the samples in which a function was running or waiting
  on something it called; a function at 50 % is where half of the server's busy time went,
  its own code or below it. Shares of nested functions overlap, so they add up to more than 100.
- "own" (self): the share in which the function itself was the innermost frame.

Only the thread holding Python's global lock is sampled (py-spy --gil): one server process runs
Python on one core at a time, so the shares are of the time that limits its rate. `--all` samples
every thread that is not idle instead (a thread sleeping in C may then show as busy).
`make profile` runs it with the defaults; `--out FILE` keeps the raw stacks (one line per
distinct stack and its sample count), which `py-spy`'s own tools and flame-graph viewers read.

    python bench/profile.py [--sessions 20] [--reruns 12] [--rate 100] [--top 25] [--app app.py]
"""

from __future__ import annotations

import argparse
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from load import RINGS, measure, start_server, stop, warm_up  # noqa: E402

FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>[^():]*)(?::\d+)?\)$")


def py_spy() -> str:
    """The py-spy executable beside this Python (requirements-test.txt pins it), or on PATH."""
    here = Path(sys.executable).parent / "py-spy"
    found = str(here) if here.exists() else shutil.which("py-spy")
    if not found:
        raise SystemExit("py-spy is not installed: pip install -r requirements-test.txt")
    return found


def short(frame: str) -> str:
    """'function (path/to/module.py:12)' → 'function (module/…/file.py)' without the line, so
    every line of a function counts as one frame."""
    match = FRAME.match(frame.strip())
    if not match:
        return frame.strip()
    path = match.group("file")
    parts = Path(path).parts
    for anchor in ("site-packages", "lib"):
        if anchor in parts:
            parts = parts[len(parts) - parts[::-1].index(anchor) :]
            break
    else:
        try:
            parts = Path(path).resolve().relative_to(ROOT).parts
        except ValueError:
            parts = parts[-2:]
    return f"{match.group('func')} ({'/'.join(parts)})"


def read_stacks(raw: str) -> Counter:
    """Collapsed stacks ('frame;frame;frame COUNT' per line) → Counter of frame tuples."""
    stacks: Counter = Counter()
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = tuple(short(f) for f in stack.split(";") if not f.startswith("process "))
        # py-spy puts the thread first ("thread (0x7f…)"); it is not a frame of code.
        frames = tuple(f for f in frames if not f.startswith("thread ("))
        stacks[frames] += int(count)
    return stacks


def shares(stacks: Counter) -> tuple[int, Counter, Counter]:
    """Total samples, samples per frame on the stack (counted once a stack), and per leaf."""
    total, inclusive, own = 0, Counter(), Counter()
    for frames, count in stacks.items():
        total += count
        for frame in set(frames):
            inclusive[frame] += count
        if frames:
            own[frames[-1]] += count
    return total, inclusive, own


def table(title: str, counts: Counter, total: int, top: int) -> str:
    lines = [title, f"{'share':>7}  frame"]
    for frame, count in counts.most_common(top):
        lines.append(f"{100 * count / total:6.1f}%  {frame}")
    return "\n".join(lines)


def profile(
    app: str, sessions: int, reruns: int, rate: int, extra: list[str], gil: bool = True
) -> Counter:
    """Serve `app`, drive it, and return the sampled stacks of the server."""
    ring = RINGS["app" if app == "app.py" else "bare"]
    process, url = start_server(app, extra)
    try:
        warm_up(url, ring)
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "stacks.txt"
            cmd = [py_spy(), "record", "--pid", str(process.pid), "--rate", str(rate)]
            cmd += ["--format", "raw", "--output", str(out), "--nonblocking"]
            cmd += ["--gil"] if gil else []
            sampler = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            time.sleep(1.0)  # py-spy attaches
            if sampler.poll() is not None:
                raise SystemExit(f"py-spy could not attach: {sampler.stderr.read().decode()}")
            m = measure(app, url, sessions=sessions, reruns=reruns, ring=ring, deadline=900)
            sampler.send_signal(signal.SIGINT)
            try:
                sampler.wait(timeout=60)
            except subprocess.TimeoutExpired:
                sampler.kill()
            print(m.line(), flush=True)
            return read_stacks(out.read_text() if out.exists() else "")
    finally:
        stop(process)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app", default="app.py")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--reruns", type=int, default=12)
    parser.add_argument("--rate", type=int, default=100, help="samples per second")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--out", help="also write the collapsed stacks to this file")
    parser.add_argument("--all", action="store_true", help="every busy thread, not the GIL's")
    parser.add_argument(
        "--set", action="append", default=[], help="a Streamlit option: runner.postScriptGC=true"
    )
    args = parser.parse_args(argv)
    extra = []
    for option in args.set:
        name, _, value = option.partition("=")
        extra += [f"--{name}", value]
    stacks = profile(args.app, args.sessions, args.reruns, args.rate, extra, not args.all)
    total, inclusive, own = shares(stacks)
    if not total:
        print("no samples")
        return 1
    if args.out:
        Path(args.out).write_text(
            "".join(f"{';'.join(f)} {c}\n" for f, c in stacks.most_common()), encoding="utf-8"
        )
    who = "busy threads" if args.all else "thread holding the GIL"
    print(f"\n{total} samples of the server's {who}\n")
    print(table("on the stack (inclusive)", inclusive, total, args.top))
    print()
    print(table("own time (innermost frame)", own, total, args.top // 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
