"""Wall time, CPU time and peak memory of one command and every process it starts."""

import dataclasses
import os
import subprocess
import threading
import time
from pathlib import Path

import psutil


@dataclasses.dataclass
class Measurement:
    """Figures of one run of one command.

    `cpu_s` is user + system time of the command and of every descendant that was waited for
    (os.wait4 adds a reaped child's usage to its parent's). `peak_tree_rss_bytes` is the largest
    sum of the resident set sizes of all live processes of the tree seen by the sampler, so memory
    that two processes share counts twice. `max_process_rss_bytes` is ru_maxrss from os.wait4: the
    peak of the largest single process of the tree, exact but never the sum.
    """

    exit_code: int
    wall_s: float
    user_s: float
    system_s: float
    cpu_s: float
    peak_tree_rss_bytes: int
    max_process_rss_bytes: int
    max_processes: int
    # The largest processes of the tree, as [label, peak RSS in bytes] seen by the sampler.
    process_peaks: list[tuple[str, int]]
    samples: int
    load_average_before: tuple[float, float, float]
    load_average_after: tuple[float, float, float]


class _TreeSampler(threading.Thread):
    """Poll the summed RSS of a process and its descendants every `interval_s` seconds."""

    def __init__(self, pid: int, interval_s: float) -> None:
        super().__init__(name="rss-sampler", daemon=True)
        self._root = psutil.Process(pid)
        self._interval_s = interval_s
        self._stop_event = threading.Event()
        self.peak_rss_bytes = 0
        self.max_processes = 0
        self.samples = 0
        self._labels: dict[int, str] = {}
        self._process_peaks: dict[int, int] = {}

    def run(self) -> None:
        while not self._stop_event.is_set():
            self._sample()
            self._stop_event.wait(self._interval_s)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()

    def _sample(self) -> None:
        try:
            processes = [self._root, *self._root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return
        total = 0
        alive = 0
        for process in processes:
            try:
                rss = process.memory_info().rss
                if process.pid not in self._labels:
                    self._labels[process.pid] = _label(process.cmdline())
            except psutil.NoSuchProcess:
                # The process ended between listing and reading; its memory is already freed.
                continue
            total += rss
            alive += 1
            self._process_peaks[process.pid] = max(self._process_peaks.get(process.pid, 0), rss)
        self.samples += 1
        self.peak_rss_bytes = max(self.peak_rss_bytes, total)
        self.max_processes = max(self.max_processes, alive)

    def largest_processes(self, count: int) -> list[tuple[str, int]]:
        peaks = sorted(self._process_peaks.items(), key=lambda item: item[1], reverse=True)[:count]
        return [(self._labels.get(pid, "?"), rss) for pid, rss in peaks]


def _label(cmdline: list[str]) -> str:
    """Name a process by its executable and first argument that is not an option, e.g. `node program.js`."""
    if not cmdline:
        return "?"
    operands = [Path(part).name for part in cmdline[1:] if not part.startswith("-")]
    return " ".join([Path(cmdline[0]).name, *operands[:1]])


def measure(command: list[str], cwd: Path, env: dict[str, str], log_path: Path, interval_s: float) -> Measurement:
    """Run `command` to completion and return its figures. Its stdout and stderr go to `log_path`."""
    load_before = os.getloadavg()
    with log_path.open("wb") as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        sampler = _TreeSampler(process.pid, interval_s)
        sampler.start()
        # os.wait4 instead of Popen.wait, because only wait4 returns the resource usage of the tree.
        _, status, usage = os.wait4(process.pid, 0)
        wall_s = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop()

    return Measurement(
        exit_code=process.returncode,
        wall_s=wall_s,
        user_s=usage.ru_utime,
        system_s=usage.ru_stime,
        cpu_s=usage.ru_utime + usage.ru_stime,
        peak_tree_rss_bytes=sampler.peak_rss_bytes,
        # Linux reports ru_maxrss in KiB.
        max_process_rss_bytes=usage.ru_maxrss * 1024,
        max_processes=sampler.max_processes,
        process_peaks=sampler.largest_processes(5),
        samples=sampler.samples,
        load_average_before=load_before,
        load_average_after=os.getloadavg(),
    )
