#!/usr/bin/env python3
"""Times shell commands by interleaving them: each round runs every command once, in turn.

    python3 benches/interleave.py ROUNDS CMD [CMD...]

Prints each command's median and minimum wall time over the rounds. The host's speed drifts by up
to 20% within minutes (docs/performance.md), so commands timed one block after another can differ
by the drift alone; interleaved, every command sees the same drift. Output goes to /dev/null and
each command gets three untimed warm-up runs. Prefix a command with `exec` to leave the shell out
of its time.
"""
import statistics
import subprocess
import sys
import time


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    rounds = int(sys.argv[1])
    commands = sys.argv[2:]

    def run(command: str) -> float:
        start = time.perf_counter()
        subprocess.run(command, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - start

    for command in commands:
        for _ in range(3):
            run(command)
    times = {command: [] for command in commands}
    for _ in range(rounds):
        for command in commands:
            times[command].append(run(command))
    for command in commands:
        ms = [t * 1000 for t in times[command]]
        print(f"{statistics.median(ms):7.1f} ms median  {min(ms):7.1f} min  {command}")


if __name__ == "__main__":
    main()
