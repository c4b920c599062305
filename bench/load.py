"""Load test over Streamlit's own websocket protocol, with no browser.

Each simulated session opens `/_stcore/stream` (subprotocol "streamlit", as the browser does),
asks for a script run with a `BackMsg.rerun_script` carrying a `ClientState`, and waits for
`ForwardMsg.script_finished`. It then walks a ring of different views by setting widget states,
the way the browser reports a changed widget: the widget ids come from the first run's elements
(an id ends with the widget's user key, see ui/keys.py). Like the browser, a session keeps the
large elements it has received and tells the server their hashes, so an element that did not
change comes back as a short reference.

Every step names text that must appear in what the run drew (the side panel's title, the map's
caption, the bare pages' echo), so a session whose widget states the server did not apply, or
that lost its state, counts as an error.

Prints runs per second (every script run, the first of each session included), p50/p95 latency
of the interactions and p95 of the first runs (all sessions open the page at once), errors,
bytes received per filter change and per selection change (on the wire, and in brackets once
decompressed: the client offers permessage-deflate as browsers do), and the server's memory
(RSS) before and after, per session.

    python bench/load.py --sessions 50 --reruns 5            # starts its own server on app.py
    python bench/load.py --app bench/bare_folium.py ...      # the bare st_folium baseline
    python bench/load.py --url http://127.0.0.1:8080 --pids 1234,1235   # a running server/proxy

Only loopback addresses are accepted. Runs are bounded: every wait has a timeout and the whole
run has a deadline (--deadline).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection

ROOT = Path(__file__).resolve().parents[1]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
RUN_TIMEOUT = 120.0  # seconds one script run may take before it counts as an error

# --------------------------------------------------------------------------- the rings of views
# A step: (kind, {widget key: value}, check). A value is what the browser would send (Streamlit's
# wire format is the formatted option) or a function of the widget and of the values the
# session holds for it now (a list, for pills and multiselects) that picks it from what the page
# offers. A check is ("text", s): the run's output contains s; or ("changes", pattern): the
# pattern's first match in the output differs from the previous run's (a filter step always
# flips something, so what is drawn must change).
Step = tuple[str, dict, tuple[str, str]]
CAPTION = r"Drawn: \d+ of \d+ actors, \d+ of \d+ ties, \d+ places"
ACTORS = ["Hezbollah", "Russia", "Houthis", "China", "Syria", "Turkey", "Hamas", "Pakistan"]


def _exactly(name: str):
    def pick(widget, now) -> str:
        if name not in widget.options:
            raise LookupError(f"{name!r} is not offered: {widget.options[:8]}…")
        return name

    return pick


def _all_but(part: str):
    """Every offered option except those that contain `part`."""
    return lambda widget, now: [o for o in widget.options if part not in o]


def _with(part: str):
    """The options a widget's session holds now, and the one that contains `part`, as the
    browser reports a pill switched on."""
    return lambda widget, now: [o for o in widget.options if o in now or part in o]


def _without(part: str):
    """The options a widget's session holds now, less the one that contains `part`."""
    return lambda widget, now: [o for o in widget.options if o in now and part not in o]


def _every(widget, now) -> list[str]:
    return list(widget.options)


def _middle_year(widget, now) -> float:
    return float(int((widget.low + widget.high) / 2))


def _last_year(widget, now) -> float:
    return float(widget.high)


def _select(name: str) -> Step:
    return ("select", {"selection": _exactly(name)}, ("text", f"<h2>{name}</h2>"))


def _filter(key: str, value) -> Step:
    return ("filter", {key: value}, ("changes", CAPTION))


def app_ring(session: int) -> list[Step]:
    """Twelve views for one session of the app: a selection, then a filter, in turn. Every
    session starts from the default view and comes back to it; odd sessions walk the filters in
    another order, and each session selects its own actors."""
    names = ACTORS[session % len(ACTORS) :] + ACTORS[: session % len(ACTORS)]
    if session % 2 == 0:
        filters = [
            _filter("f_layers", _all_but("Proxy")),
            _filter("places_chokepoints", _with("Strait of Hormuz")),
            _filter("f_layers", _every),
            _filter("f_as_of", _middle_year),
            _filter("places_chokepoints", _without("Strait of Hormuz")),
            _filter("f_as_of", _last_year),
        ]
    else:
        filters = [
            _filter("f_as_of", _middle_year),
            _filter("places_chokepoints", _with("Strait of Hormuz")),
            _filter("f_layers", _all_but("Opponent")),
            _filter("places_chokepoints", _without("Strait of Hormuz")),
            _filter("f_as_of", _last_year),
            _filter("f_layers", _every),
        ]
    steps: list[Step] = []
    for name, step in zip(names, filters, strict=False):
        steps += [_select(name), step]
    return steps


def bare_ring(session: int) -> list[Step]:
    """Six views of a bare baseline page (bench/bare_*.py)."""
    first = 1 + session % 30
    return [
        (
            "select",
            {"choice": _exactly(f"Actor {first:02d}")},
            ("text", f"Selected: Actor {first:02d}"),
        ),
        ("filter", {"layers": _all_but("Proxy")}, ("text", "Layers: 3")),
        (
            "select",
            {"choice": _exactly(f"Actor {first + 5:02d}")},
            ("text", f"Selected: Actor {first + 5:02d}"),
        ),
        ("filter", {"layers": _every}, ("text", "Layers: 4")),
        (
            "select",
            {"choice": _exactly(f"Actor {first + 9:02d}")},
            ("text", f"Selected: Actor {first + 9:02d}"),
        ),
        ("filter", {"layers": _all_but("Global")}, ("text", "Layers: 3")),
    ]


# --------------------------------------------------------------------------- one session


class CountingConnection(ClientConnection):
    """A websocket connection that counts the bytes it receives on the wire: after
    permessage-deflate (which the client offers and the server may accept), before
    decompression, frame headers included."""

    wire_bytes = 0

    def data_received(self, data: bytes) -> None:
        self.wire_bytes += len(data)
        super().data_received(data)


@dataclass
class Widget:
    id: str
    kind: str  # the element's type: selectbox, button_group, slider, checkbox, ...
    options: list[str]
    low: float = 0.0
    high: float = 0.0


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)  # each interaction's run
    first: list[float] = field(default_factory=list)  # opening the page: the first run
    bytes_by_kind: dict[str, list[int]] = field(default_factory=dict)  # decompressed
    wire_by_kind: dict[str, list[int]] = field(default_factory=dict)  # as sent on the wire
    errors: list[str] = field(default_factory=list)
    runs: int = 0


def _options(kind: str, element) -> list[str]:
    if kind == "button_group":
        return [o.content for o in element.options]
    return [str(o) for o in getattr(element, "options", [])]


def _text_of(msg: ForwardMsg) -> str:
    """The visible text an element carries (markdown, captions, HTML bodies, alerts)."""
    element = msg.delta.new_element
    kind = element.WhichOneof("type")
    if kind in ("markdown", "alert", "heading"):
        return getattr(element, kind).body
    if kind == "html":
        return element.html.body
    if kind == "exception":
        exc = element.exception
        return f"EXCEPTION {exc.type}: {exc.message} {' | '.join(exc.stack_trace[-3:])}"
    return ""


def _shown_value(kind: str, w):
    """The value a widget element shows, as the browser would report it (None: no value)."""
    if kind == "selectbox" or kind == "radio":
        if w.set_value:
            return w.raw_value if w.HasField("raw_value") else None
        return w.options[w.default] if w.HasField("default") and w.options else None
    if kind == "button_group":
        if w.set_value:
            return list(w.raw_values)
        return [w.options[i].content for i in w.default]
    if kind == "multiselect":
        return list(w.raw_values) if w.set_value else [w.options[i] for i in w.default]
    if kind == "slider":
        values = list(w.value) if w.set_value else list(w.default)
        return values[0] if len(values) == 1 else values
    if kind == "checkbox":
        return w.value if w.set_value else w.default
    if kind == "text_input":
        text = w.value if w.set_value else w.default
        return text or None
    return None  # buttons (triggers) and components report nothing until used


def _widget_state(wid: str, kind: str, value):
    """The WidgetState the browser sends for a widget of this kind holding `value`."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    state = WidgetState(id=wid)
    if kind == "checkbox":
        state.bool_value = bool(value)
    elif kind == "slider":
        values = value if isinstance(value, list) else [value]
        state.double_array_value.data.extend(float(v) for v in values)
    elif kind in ("button_group", "multiselect"):
        state.string_array_value.data.extend(list(value))
    elif kind in ("selectbox", "radio", "text_input"):
        state.string_value = str(value)
    else:
        raise LookupError(f"cannot set a {kind} widget")
    return state


class Session:
    """One simulated browser tab."""

    def __init__(self, index: int, ws_url: str, ring, think: float, result: Result):
        self.index = index
        self.ws_url = ws_url
        self.ring: list[Step] = ring(index)
        self.think = think
        self.result = result
        self.widgets: dict[str, Widget] = {}  # by user key
        self.states: dict[str, object] = {}  # widget id -> WidgetState
        self.cache: dict[str, ForwardMsg] = {}  # hash -> large element, as the browser keeps
        self.rng = random.Random(index)
        self.session_id = ""  # the server's id for this session, from its first message
        self.query = ""  # the address's query string, kept up to date as the browser does
        self.last_wire = 0  # bytes on the wire of the last run's answer

    async def run_script(self, ws) -> tuple[float, int, str]:
        """Ask for a run with the current widget states; wait for it to finish."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.page_script_hash = ""
        for ws_state in self.states.values():
            state.widget_states.widgets.append(ws_state)
        state.cached_message_hashes.extend(self.cache)
        start = time.perf_counter()
        wire_start = getattr(ws, "wire_bytes", 0)
        await ws.send(msg.SerializeToString())
        received = 0
        texts: list[str] = []
        deadline = start + RUN_TIMEOUT
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError("script run did not finish")
            frame = await asyncio.wait_for(ws.recv(), timeout=left)
            received += len(frame)
            fwd = ForwardMsg()
            fwd.ParseFromString(frame)
            which = fwd.WhichOneof("type")
            if which == "new_session" and fwd.new_session.initialize.session_id:
                self.session_id = fwd.new_session.initialize.session_id
            elif which == "page_info_changed":  # the app wrote st.query_params
                self.query = fwd.page_info_changed.query_string
            if which == "ref_hash":
                cached = self.cache.get(fwd.ref_hash)
                if cached is None:
                    raise RuntimeError("server referred to an element this session never got")
                fwd = cached
                which = "delta"
            elif fwd.metadata.cacheable:
                self.cache[fwd.hash] = fwd
            if which == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                self._note_widget(fwd)
                texts.append(_text_of(fwd))
            elif which == "script_finished":
                if fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue
                break
        self.last_wire = getattr(ws, "wire_bytes", 0) - wire_start
        if len(self.cache) > 64:  # the browser forgets old messages too
            for key in list(self.cache)[:-64]:
                del self.cache[key]
        return time.perf_counter() - start, received, "\n".join(texts)

    def _note_widget(self, fwd: ForwardMsg) -> None:
        """Remember a widget by its user key, and its value as the page shows it."""
        element = fwd.delta.new_element
        kind = element.WhichOneof("type")
        inner = getattr(element, kind)
        wid = getattr(inner, "id", "") if hasattr(inner, "id") else ""
        if not wid or not wid.startswith("$$ID"):
            return
        # A widget with a user key has an id ending in "-<key>".
        key = wid.rsplit("-", 1)[-1]
        low, high = (inner.min, inner.max) if kind == "slider" else (0.0, 0.0)
        self.widgets[key] = Widget(wid, kind, _options(kind, inner), low, high)
        # Like the browser: the value the server sets (set_value) wins; otherwise a widget
        # keeps the value this session gave it, or shows its default the first time.
        if not getattr(inner, "set_value", False) and wid in self.states:
            return
        shown = _shown_value(kind, inner)
        if shown is not None:
            self.states[wid] = _widget_state(wid, kind, shown)
        else:
            self.states.pop(wid, None)

    def _set(self, key: str, value) -> None:
        widget = self.widgets.get(key)
        if widget is None:
            raise LookupError(f"no widget with key {key!r} in the page")
        if callable(value):
            held = self.states.get(widget.id)
            now = list(held.string_array_value.data) if held is not None else []
            value = value(widget, now)
        self.states[widget.id] = _widget_state(widget.id, widget.kind, value)

    async def go(self, reruns: int, start_gate: asyncio.Event | None) -> None:
        try:
            async with websockets.connect(
                self.ws_url,
                subprotocols=["streamlit"],
                ping_interval=None,  # the browser sends no pings; it answers the server's
                max_size=None,
                open_timeout=RUN_TIMEOUT,
                close_timeout=5,
                create_connection=CountingConnection,
            ) as ws:
                took, _, text = await self.run_script(ws)
                self.result.runs += 1
                self.result.first.append(took)
                if "EXCEPTION" in text:
                    raise RuntimeError("the first run raised an exception")
                if start_gate is not None:
                    await start_gate.wait()
                previous = text
                for i in range(reruns):
                    if self.think:
                        await asyncio.sleep(self.think * self.rng.uniform(0.5, 1.5))
                    kind, changes, check = self.ring[i % len(self.ring)]
                    for key, value in changes.items():
                        self._set(key, value)
                    took, received, text = await self.run_script(ws)
                    self.result.runs += 1
                    self.result.latencies.append(took)
                    self.result.bytes_by_kind.setdefault(kind, []).append(received)
                    self.result.wire_by_kind.setdefault(kind, []).append(self.last_wire)
                    if "EXCEPTION" in text:
                        raise RuntimeError(f"step {i} raised an exception: {text[-300:]}")
                    _check(check, text, previous, f"step {i} ({kind} {list(changes)})")
                    previous = text
        except Exception as error:  # every failure is counted, never hidden
            self.result.errors.append(f"session {self.index}: {type(error).__name__}: {error}")


def _check(check: tuple[str, str], text: str, previous: str, where: str) -> None:
    """Raise if the run's output does not show the step applied."""
    how, what = check
    if how == "text":
        if what not in text:
            raise RuntimeError(f"{where}: the output lacks {what!r}")
        return
    now, before = re.search(what, text), re.search(what, previous)
    if now is None:
        raise RuntimeError(f"{where}: the output lacks {what!r}")
    if before is not None and now.group(0) == before.group(0):
        raise RuntimeError(f"{where}: nothing changed ({now.group(0)!r})")


# --------------------------------------------------------------------------- server and memory


def rss_kb(pids: list[int]) -> int | None:
    """Resident memory of the processes (and their children), in KB, from /proc."""
    total, seen = 0, False
    todo = list(pids)
    while todo:
        pid = todo.pop()
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
        if match:
            total += int(match.group(1))
            seen = True
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            children = []
        todo += [int(c) for c in children]
    return total if seen else None


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, timeout: float = 90.0, process=None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError("the server exited")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.25)
    raise RuntimeError(f"{url} did not become healthy")


def start_server(app: str, extra: list[str] | None = None) -> tuple[subprocess.Popen, str]:
    """`streamlit run app` on a free loopback port; returns the process and its URL."""
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", app, "--server.port", str(port)]
    cmd += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    cmd += ["--browser.gatherUsageStats", "false", *(extra or [])]
    log = open(os.devnull, "w")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process=process)
    except Exception:
        process.kill()
        raise
    return process, url


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


# --------------------------------------------------------------------------- one measurement


@dataclass
class Measurement:
    label: str
    sessions: int
    reruns: int
    think: float
    runs: int
    seconds: float
    p50: float  # of the interactions (not counting each session's first run)
    p95: float
    first_p95: float  # of the first runs (opening the page), which come all at once
    errors: list[str]
    bytes_filter: float | None  # decompressed: what the page receives
    bytes_select: float | None
    wire_filter: float | None  # on the wire (compressed when the server compresses)
    wire_select: float | None
    rss_before_kb: int | None
    rss_after_kb: int | None

    @property
    def rate(self) -> float:
        return self.runs / self.seconds if self.seconds else 0.0

    @property
    def per_session_kb(self) -> float | None:
        if self.rss_before_kb is None or self.rss_after_kb is None:
            return None
        return (self.rss_after_kb - self.rss_before_kb) / max(1, self.sessions)

    def line(self) -> str:
        def kb(v):
            return "—" if v is None else f"{v / 1024:.1f} KB"

        mem = "—"
        if self.per_session_kb is not None:
            mem = (
                f"{self.rss_before_kb / 1024:.0f}→{self.rss_after_kb / 1024:.0f} MB"
                f" ({self.per_session_kb / 1024:.2f} MB/session)"
            )
        return (
            f"{self.label:28s} {self.sessions:4d}×{self.reruns:<3d} think {self.think:3.0f}s  "
            f"{self.rate:5.1f} runs/s  p50 {self.p50:5.2f}s  p95 {self.p95:5.2f}s  "
            f"open p95 {self.first_p95:5.2f}s  "
            f"errors {len(self.errors):3d}  filter {kb(self.wire_filter)} "
            f"({kb(self.bytes_filter)})  select {kb(self.wire_select)} ({kb(self.bytes_select)})  "
            f"mem {mem}"
        )


def ws_url_of(url: str) -> str:
    parsed = urlparse(url)
    if parsed.hostname not in LOOPBACK:
        raise SystemExit(f"only loopback addresses are allowed, got {parsed.hostname!r}")
    scheme = "wss" if parsed.scheme == "https" else "ws"
    return f"{scheme}://{parsed.netloc}{parsed.path.rstrip('/')}/_stcore/stream"


async def _drive(
    ws_url: str, sessions: int, reruns: int, think: float, ring, deadline: float
) -> tuple[list[Result], float]:
    results = [Result() for _ in range(sessions)]
    runners = [Session(i, ws_url, ring, think, results[i]) for i in range(sessions)]
    start = time.perf_counter()
    tasks = [asyncio.create_task(s.go(reruns, None)) for s in runners]
    _done, pending = await asyncio.wait(tasks, timeout=deadline)
    for task in pending:
        task.cancel()
    for i, task in enumerate(tasks):
        if task in pending:
            results[i].errors.append(f"session {i}: still running at the deadline")
    return results, time.perf_counter() - start


def measure(
    label: str,
    url: str,
    *,
    sessions: int,
    reruns: int,
    think: float = 0.0,
    ring=app_ring,
    pids: list[int] | None = None,
    deadline: float = 600.0,
) -> Measurement:
    """Drive `sessions` sessions of `reruns` view changes each against `url`."""
    ws_url = ws_url_of(url)
    before = rss_kb(pids) if pids else None
    results, seconds = asyncio.run(_drive(ws_url, sessions, reruns, think, ring, deadline))
    after = rss_kb(pids) if pids else None
    latencies = sorted(x for r in results for x in r.latencies)
    firsts = sorted(x for r in results for x in r.first)

    def pct(q: float, values: list[float] | None = None) -> float:
        values = latencies if values is None else values
        if not values:
            return float("nan")
        return values[min(len(values) - 1, int(q * len(values)))]

    def mean_bytes(kind: str, wire: bool = False) -> float | None:
        values = [
            b for r in results for b in (r.wire_by_kind if wire else r.bytes_by_kind).get(kind, [])
        ]
        return statistics.mean(values) if values else None

    return Measurement(
        label=label,
        sessions=sessions,
        reruns=reruns,
        think=think,
        runs=sum(r.runs for r in results),
        seconds=seconds,
        p50=pct(0.5),
        p95=pct(0.95),
        first_p95=pct(0.95, firsts),
        errors=[e for r in results for e in r.errors],
        bytes_filter=mean_bytes("filter"),
        bytes_select=mean_bytes("select"),
        wire_filter=mean_bytes("filter", wire=True),
        wire_select=mean_bytes("select", wire=True),
        rss_before_kb=before,
        rss_after_kb=after,
    )


def warm_up(url: str, ring) -> None:
    """Two sessions through their whole rings, so caches are filled before measuring."""
    m = measure("warm-up", url, sessions=2, reruns=len(ring(0)), ring=ring, deadline=300)
    if m.errors:
        raise SystemExit("warm-up failed: " + "; ".join(m.errors[:3]))


def measure_own_server(app: str, ring, label: str, plans, deadline: float, extra=None):
    """Start a server for `app` (with `extra` command-line options), warm it up, then run each
    (sessions, reruns, think) plan on a fresh server so that one plan's sessions do not weigh
    on the next."""
    out = []
    for sessions, reruns, think in plans:
        process, url = start_server(app, extra)
        try:
            warm_up(url, ring)
            out.append(
                measure(
                    label,
                    url,
                    sessions=sessions,
                    reruns=reruns,
                    think=think,
                    ring=ring,
                    pids=[process.pid],
                    deadline=deadline,
                )
            )
        finally:
            stop(process)
    return out


RINGS = {"app": app_ring, "bare": bare_ring}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running server or proxy (loopback only)")
    parser.add_argument("--app", default="app.py", help="script to serve when --url is not given")
    parser.add_argument("--ring", choices=list(RINGS), help="views to walk (default: by --app)")
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--reruns", type=int, default=5)
    parser.add_argument("--think", type=float, default=0.0, help="mean seconds between steps")
    parser.add_argument("--pids", default="", help="server process ids to read memory from")
    parser.add_argument("--deadline", type=float, default=600.0, help="seconds for the whole run")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--errors", action="store_true", help="list the first errors")
    args = parser.parse_args(argv)
    ring = RINGS[args.ring or ("app" if args.app == "app.py" else "bare")]
    plan = [(args.sessions, args.reruns, args.think)]
    if args.url:
        pids = [int(p) for p in args.pids.split(",") if p.strip()]
        warm_up(args.url, ring)
        results = [
            measure(
                args.url,
                args.url,
                sessions=args.sessions,
                reruns=args.reruns,
                think=args.think,
                ring=ring,
                pids=pids or None,
                deadline=args.deadline,
            )
        ]
    else:
        results = measure_own_server(args.app, ring, args.app, plan, args.deadline)
    for m in results:
        if args.json:
            print(json.dumps({**m.__dict__, "rate": m.rate, "errors": len(m.errors)}))
        else:
            print(m.line())
        if args.errors:
            for e in m.errors[:10]:
                print("   ", e)
    return 1 if any(m.errors for m in results) else 0


if __name__ == "__main__":
    sys.exit(main())
