"""The queue-depth and throughput figures of the workstation's status, read from a real redis-server with real
jobs queued, running and done (a real Celery worker), and the poller that reads them off the GUI thread."""
from __future__ import annotations

import time

from inference.queue.client import DONE, RUNNING, InferenceClient
from inference.queue.figures import WINDOW_S, FiguresPoller, rate_per_min


def _until(cond, timeout=60.0, interval=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = cond()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("condition not met in time")


def test_figures_count_waiting_running_and_finished_jobs(redis_server, workers, studies, tmp_path):
    c = InferenceClient(redis_server.url())
    out = str(tmp_path / "segs")
    try:
        slow = c.submit(studies[0][0], [str(studies[0][1])], out, "tiny_slow")  # runs long enough to be seen running
        quick = [c.submit(uid, [str(folder)], out, "tiny") for uid, folder in studies[1:3]]
        quick.append(c.submit(studies[3][0], [str(studies[3][1])], out, "tiny", queue="cpu"))
        fig = c.figures()
        assert fig.depth == {"gpu": 3, "cpu": 1} and fig.waiting == 4
        assert fig.running == 0 and fig.jobs_per_min == 0.0
        assert fig.text() == "AI queue: 4 waiting · 0 running · 0.0 jobs/min"
        workers.start("w1")
        _until(lambda: c.status(slow).state == RUNNING, 90)
        fig = c.figures()
        assert fig.running == 1 and fig.waiting == 3, (fig, workers.log_text())
        done = [c.wait(j, timeout=240) for j in [slow, *quick]]
        assert all(s.state == DONE for s in done), [s.text() for s in done] + [workers.log_text()]
        fig = c.figures()
        assert fig.waiting == 0 and fig.running == 0
        assert fig.jobs_per_min == round(len(done) / (WINDOW_S / 60), 2)  # all four finished in the last 10 min
    finally:
        c.close()


def test_rate_counts_only_the_recent_window():
    now = 10_000.0
    times = [now - 30, now - 90, now - 200, now - WINDOW_S - 1, now - 5000]
    assert rate_per_min(times, now) == 3 / (WINDOW_S / 60)
    assert rate_per_min([], now) == 0.0
    assert rate_per_min(times, now, window_s=60) == 1.0


def test_poller_reads_off_the_calling_thread_and_reports_an_unreachable_broker(redis_server, studies, tmp_path):
    import threading

    c = InferenceClient(redis_server.url())
    readers = set()

    def read():
        readers.add(threading.current_thread().name)
        return c.figures()

    c.submit(studies[0][0], [str(studies[0][1])], str(tmp_path / "segs"), "tiny")
    poller = FiguresPoller(read, interval_s=0.2).start()
    try:
        fig = _until(lambda: poller.latest, 20)
        assert fig.waiting == 1 and not fig.error
        assert readers == {"inference-figures"}
        redis_server.stop()
        fig = _until(lambda: poller.latest if poller.latest.error else None, 60)
        assert fig.text().startswith("AI queue: unreachable")
    finally:
        poller.stop()
        c.close()
    assert not poller.running
