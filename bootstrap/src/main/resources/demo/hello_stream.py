"""Prints numbered lines at a steady pace, with a mix of levels and progress markers."""
import argparse
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("--lines", type=int, default=20)
parser.add_argument("--interval", type=float, default=0.2)
parser.add_argument("--greeting", default="Hello")
args = parser.parse_args()

LEVELS = ["INFO", "DEBUG", "INFO", "WARNING", "INFO"]
print(f"INFO {args.greeting}: printing {args.lines} lines", flush=True)
for i in range(1, args.lines + 1):
    level = LEVELS[i % len(LEVELS)]
    print(f"{level} {args.greeting} line {i} of {args.lines}", flush=True)
    if i % 7 == 0:
        print(f"note: line {i} is a multiple of seven", file=sys.stderr, flush=True)
    print(f"::progress::{i}/{args.lines}", flush=True)
    time.sleep(args.interval)
print("INFO done", flush=True)
