"""N concurrent chat sessions, each with its own follow-ups, through ``gradio_client``.

``python bench/load.py [--sessions 100] [--turns 3] [--url URL | --store DIR] [--concurrency N]``

Without ``--url`` it launches ``python app.py`` on a free port of 127.0.0.1 (over a fresh
store of the bundled corpus, or ``--store``), with ``PA_QUEUE_CONCURRENCY`` from
``--concurrency`` when given. Every session is its own ``gradio_client.Client`` (so its
own server-side history) and asks, one turn after the other, about one topic paper:
the paper by its title, then follow-ups that only make sense with the history
("What are its main results?"). Sessions are spread over ``--topics`` papers.

Every session connects first (its page load: the app's config and API info), then all of
them ask at once; the clock starts after the connects, which are reported apart.

It prints throughput (turns/s), p50/p95 time to the first streamed output that holds
answer text and to the full answer (polled every 50 ms, so ±50 ms), the CPU each turn
cost the launched app and this process's clients (on one machine the clients compete with
the app for its cores), errors, and cross-talk: a turn whose output names a topic paper
that the same conversation, run alone first, did not name (another session's topic
leaking in).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import assistant  # noqa: E402,F401  (offline set-up)
from assistant.llm_server import free_port  # noqa: E402
from assistant.settings import BUNDLED_CORPUS  # noqa: E402
from ingest.pipeline import collect_papers  # noqa: E402

FOLLOW_UPS = ["What are its main results?", "Does it release code or data?", "What are its limitations?"]
POLL_S = 0.05


def topic_titles(n: int) -> list[str]:
    """``n`` titles of the bundled corpus, spread over it (every k-th paper)."""
    papers, _ = collect_papers([BUNDLED_CORPUS])
    titles = sorted(p.title for p in papers.values())
    step = max(1, len(titles) // n)
    return titles[::step][:n]


def script(title: str, turns: int) -> list[str]:
    return [f'What does the paper "{title}" propose?', *FOLLOW_UPS][:turns]


def texts_of(value: object) -> str:
    """Every string inside an output (message, sources HTML, ...), joined."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return " ".join(texts_of(v) for v in value.values())
    if isinstance(value, list | tuple):
        return " ".join(texts_of(v) for v in value)
    return ""


def message_of(output: object) -> str:
    return texts_of(output[0] if isinstance(output, list | tuple) and output else output)


@dataclass
class LoadTurn:
    first_s: float | None = None
    full_s: float | None = None
    error: str = ""
    named: set[str] = field(default_factory=set)  # topic titles the output names


def required_defaults(url: str) -> dict[str, object]:
    """Empty values for the ``/chat`` inputs other than ``message`` that declare no default."""
    from gradio_client import Client

    api = Client(url, verbose=False).view_api(print_info=False, return_format="dict")
    empty = {"str": "", "float": 0, "int": 0, "bool": False}
    return {
        p["parameter_name"]: empty.get(str(p.get("python_type", {}).get("type")), None)
        for p in api["named_endpoints"]["/chat"]["parameters"]
        if p["parameter_name"] != "message" and not p.get("parameter_has_default")
    }


EXTRA: dict[str, object] = {}  # filled once from the app's API before the sessions start


def ask(client: object, question: str, titles: list[str]) -> LoadTurn:
    started = time.perf_counter()
    turn = LoadTurn()
    try:
        job = client.submit(message=question, api_name="/chat", **EXTRA)  # type: ignore[attr-defined]
        while not job.done():
            if turn.first_s is None and any(message_of(o).strip() for o in job.outputs()):
                turn.first_s = time.perf_counter() - started
            time.sleep(POLL_S)
        result = job.result()
        turn.full_s = time.perf_counter() - started
        turn.first_s = turn.first_s if turn.first_s is not None else turn.full_s
        text = texts_of(result)
        turn.named = {t for t in titles if t in text}
        if not message_of(result).strip():
            turn.error = "empty answer"
    except Exception as exc:  # the bench counts every failure
        turn.error = f"{type(exc).__name__}: {exc}"[:200]
    return turn


def connect(url: str) -> object:
    """One session's ``gradio_client.Client`` (its page load: config and API info)."""
    from gradio_client import Client

    # A busy queue answers late: wait as long as it takes rather than count a timeout as an error.
    return Client(url, verbose=False, download_files=False, httpx_kwargs={"timeout": 600.0})


def conversation(client: object, questions: list[str], titles: list[str]) -> list[LoadTurn]:
    return [ask(client, q, titles) for q in questions]


def launch(
    store: Path | None, concurrency: int | None
) -> tuple[subprocess.Popen, str, tempfile.TemporaryDirectory]:
    tmp = tempfile.TemporaryDirectory()
    if store is None:
        store = Path(tmp.name) / "store"
        subprocess.run(
            [sys.executable, "-m", "ingest", "--store", str(store), "--quiet"],
            cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    port = free_port()
    env = os.environ | ({"PA_QUEUE_CONCURRENCY": str(concurrency)} if concurrency else {})
    app = subprocess.Popen(
        [sys.executable, "app.py", "--store", str(store), "--port", str(port)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    from gradio_client import Client

    while True:
        if app.poll() is not None:
            raise RuntimeError(f"app.py exited with {app.returncode}")
        try:
            Client(url, verbose=False)
            return app, url, tmp
        except Exception:  # not up yet
            time.sleep(0.5)


def cpu_seconds(pid: int | None = None) -> float:
    """CPU seconds (user + system) of process ``pid`` (Linux ``/proc``), or of this process."""
    if pid is None:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def joined(threads: Iterable[threading.Thread]) -> None:
    """Start every thread, then wait for all of them."""
    started = list(threads)
    for t in started:
        t.start()
    for t in started:
        t.join()


def pct(samples: list[float]) -> tuple[float, float]:
    if len(samples) < 2:
        return (samples[0], samples[0]) if samples else (float("nan"), float("nan"))
    return statistics.median(samples), statistics.quantiles(samples, n=20, method="inclusive")[18]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument(
        "--turns", type=int, default=3, help="questions per session (the first, then follow-ups)"
    )
    parser.add_argument("--topics", type=int, default=10, help="distinct topic papers the sessions share")
    parser.add_argument("--url", help="an app already running (else one is launched)")
    parser.add_argument("--store", type=Path, help="store for the launched app (default: the bundled corpus)")
    parser.add_argument("--concurrency", type=int, help="PA_QUEUE_CONCURRENCY of the launched app")
    args = parser.parse_args()
    titles = topic_titles(args.topics)
    app = tmp = None
    url = args.url
    if url is None:
        app, url, tmp = launch(args.store, args.concurrency)
    try:
        EXTRA.update(required_defaults(url))
        solo = {
            t: conversation(connect(url), script(t, args.turns), titles) for t in titles
        }  # the baseline, alone
        results: list[list[LoadTurn]] = [[] for _ in range(args.sessions)]
        clients: list[object] = [None] * args.sessions
        connect_s: list[float] = []

        # Every session loads the page first (as browsers do before anyone types): connecting
        # costs the server its config and the client an SSL context and the API info, and
        # doing it inside the measured window would bill page loads to the answers.
        def open_session(i: int) -> None:
            started = time.perf_counter()
            try:
                clients[i] = connect(url)
                connect_s.append(time.perf_counter() - started)
            except Exception as exc:
                results[i] = [LoadTurn(error=f"connect: {exc}"[:200]) for _ in range(args.turns)]

        joined(threading.Thread(target=open_session, args=(i,)) for i in range(args.sessions))

        def run(i: int) -> None:
            if clients[i] is not None:
                results[i] = conversation(clients[i], script(titles[i % len(titles)], args.turns), titles)

        load = os.getloadavg()[0]
        app_cpu0, own_cpu0 = (cpu_seconds(app.pid) if app else 0.0), cpu_seconds()
        started = time.perf_counter()
        joined(threading.Thread(target=run, args=(i,)) for i in range(args.sessions))
        app_cpu, own_cpu = (cpu_seconds(app.pid) if app else 0.0) - app_cpu0, cpu_seconds() - own_cpu0
        wall = time.perf_counter() - started
    finally:
        if app is not None:
            app.terminate()
            app.wait(timeout=60)
        if tmp is not None:
            tmp.cleanup()
    turns = [t for r in results for t in r]
    ok = [t for t in turns if not t.error]
    errors = [t.error for t in turns if t.error]
    crosstalk = 0
    for i, session in enumerate(results):
        alone = solo[titles[i % len(titles)]]
        for k, turn in enumerate(session):
            if not turn.error and turn.named - alone[k].named:
                crosstalk += 1
    f50, f95 = pct([t.first_s for t in ok if t.first_s is not None])
    a50, a95 = pct([t.full_s for t in ok if t.full_s is not None])
    solo_errors = sum(1 for r in solo.values() for t in r if t.error)
    print(
        f"{args.sessions} sessions x {args.turns} turns against {url} "
        f"(1-min load average at start: {load:.1f} on {os.cpu_count()} CPUs)"
    )
    c50, c95 = pct(connect_s)
    print(f"connect (page load, before the clock): p50 {c50:.2f} s, p95 {c95:.2f} s")
    print(f"throughput: {len(ok) / wall:.1f} turns/s ({len(ok)} answered in {wall:.1f} s)")
    print(f"time to first output:  p50 {f50:.2f} s, p95 {f95:.2f} s")
    print(f"time to full answer:   p50 {a50:.2f} s, p95 {a95:.2f} s")
    per_turn = 1000 / max(len(turns), 1)
    app_part = f"app {app_cpu * per_turn:.0f} ms, " if app is not None else ""
    print(f"CPU per turn while measured: {app_part}the sessions' clients {own_cpu * per_turn:.0f} ms")
    print(f"errors: {len(errors)}" + (f" (e.g. {errors[0]})" if errors else ""))
    print(
        f"cross-talk: {crosstalk} turns name another session's topic paper that the conversation alone did not"
    )
    if solo_errors:
        print(f"(the solo baseline had {solo_errors} errors)")


if __name__ == "__main__":
    main()
