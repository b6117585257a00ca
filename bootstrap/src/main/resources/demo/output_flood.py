"""Prints many log-like lines as fast as it can: every tenth on stderr."""
import argparse
import sys

parser = argparse.ArgumentParser()
parser.add_argument("--count", type=int, default=100000)
args = parser.parse_args()

out = sys.stdout
err = sys.stderr
for i in range(1, args.count + 1):
    if i % 10 == 0:
        err.write(f"2026-11-25 10:00:00,000 WARNING worker-3 item {i:>9} took longer than expected\n")
    else:
        out.write(f"2026-11-25 10:00:00,000 INFO    worker-1 processed item {i:>9} in 12 ms\n")
out.flush()
err.flush()
