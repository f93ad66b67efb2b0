#!/usr/bin/env python3
"""The Python side of bench/story: the Python story's workloads with the tools it uses.

Each case runs in a fresh interpreter (as a script would: pool creation and shutdown inside the
timed block) REPS times; prints one JSON object {case: {"median": s, "min": s, "max": s, "runs": n}}
on standard output. Progress goes to standard error.

Usage: story.py [--reps N] [--cases a,b,...] [--child CASE]
"""
import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

SLEEPS = [0.1, 1.0, 0.3]          # the story's three waits: 1.4 s one after the other
POOL_TASKS, POOL_SLEEP = 300, 0.1  # 30 x 10 calls of 0.1 s on 12 workers
CPU_TASKS = 80                     # CPU-bound tasks of about 50 ms


def wait(seconds):
    time.sleep(seconds)
    return seconds


def pool_call(i, j):
    time.sleep(POOL_SLEEP)
    return i * j


def spin(steps):
    x = 88172645463325252
    for _ in range(steps):
        x ^= (x << 13) & 0xFFFFFFFFFFFFFFFF
        x ^= x >> 7
        x ^= (x << 17) & 0xFFFFFFFFFFFFFFFF
    return x


def cpu_steps():
    return int(os.environ["STORY_CPU_STEPS"])


def cpu_task(_):
    return spin(cpu_steps())


def timed(body):
    start = time.perf_counter()
    body()
    return time.perf_counter() - start


def sequential_sleeps():
    for s in SLEEPS:
        wait(s)


def thread_sleeps():
    threads = [threading.Thread(target=wait, args=(s,)) for s in SLEEPS]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def three_processes():
    processes = [multiprocessing.Process(target=wait, args=(0.1,)) for _ in range(3)]
    for p in processes:
        p.start()
    for p in processes:
        p.join()


def pool_submit():
    with ProcessPoolExecutor() as pool:
        futures = [pool.submit(wait, s) for s in SLEEPS]
        [f.result() for f in futures]


def pool_map():
    with ProcessPoolExecutor() as pool:
        list(pool.map(wait, SLEEPS))


def joblib_300_on_12():
    from joblib import Parallel, delayed
    Parallel(n_jobs=12)(delayed(pool_call)(i, j) for i in range(30) for j in range(10))


def cpu_on(workers):
    def body():
        with ProcessPoolExecutor(max_workers=workers) as pool:
            list(pool.map(cpu_task, range(CPU_TASKS)))
    return body


def cpu_sequential():
    for i in range(CPU_TASKS):
        cpu_task(i)


CASES = {
    "sleeps_sequential": sequential_sleeps,
    "sleeps_threads": thread_sleeps,
    "three_processes": three_processes,
    "pool_submit": pool_submit,
    "pool_map": pool_map,
    "joblib_300_on_12": joblib_300_on_12,
    "cpu_sequential": cpu_sequential,
    "cpu_on_2": cpu_on(2),
    "cpu_on_4": cpu_on(4),
}


def calibrate_cpu_steps(target=0.050):
    """Steps of spin() that take about `target` seconds in this interpreter (median of 5)."""
    steps = 20000
    while True:
        elapsed = timed(lambda: spin(steps))
        if elapsed > 0.02:
            break
        steps *= 2
    per_step = elapsed / steps
    steps = int(target / per_step)
    samples = sorted(timed(lambda: spin(steps)) for _ in range(5))
    return max(1, int(steps * target / samples[2])), samples[2]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        print(json.dumps({"seconds": timed(CASES[args.child])}))
        return
    steps, _ = calibrate_cpu_steps()
    env = dict(os.environ, STORY_CPU_STEPS=str(steps))
    task_seconds = timed(lambda: spin(steps))
    results = {"_cpu_task_seconds": task_seconds, "_cpu_steps": steps}
    for case in args.cases.split(","):
        if case not in CASES:
            sys.exit("story.py: unknown case '" + case + "'; known: " + ", ".join(CASES))
        runs = []
        for rep in range(args.reps):
            out = subprocess.run([sys.executable, os.path.abspath(__file__), "--child", case], env=env,
                                 check=True, capture_output=True, text=True).stdout
            runs.append(json.loads(out)["seconds"])
            print("[story] python %s %d/%d %.3f s" % (case, rep + 1, args.reps, runs[-1]), file=sys.stderr)
        results[case] = {"median": statistics.median(runs), "min": min(runs), "max": max(runs), "runs": len(runs)}
    print(json.dumps(results))


if __name__ == "__main__":
    main()
