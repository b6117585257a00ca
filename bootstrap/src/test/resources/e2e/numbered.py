"""Prints --count numbered lines as fast as it can: odd numbers on stdout, even ones on stderr."""
import argparse
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("--count", type=int, default=100)
parser.add_argument("--pause", type=float, default=0)
args = parser.parse_args()
out, err = sys.stdout, sys.stderr
for n in range(1, args.count + 1):
    if n % 2:
        out.write(f"INFO out line {n:07d}\n")
    else:
        err.write(f"WARNING err line {n:07d}\n")
    if args.pause:
        out.flush()
        err.flush()
        time.sleep(args.pause)
