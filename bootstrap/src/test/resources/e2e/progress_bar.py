"""Draws a progress bar in place, as tqdm does (each frame starts with a carriage return), between two lines."""
import argparse
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("--frames", type=int, default=100)
parser.add_argument("--interval", type=float, default=0.01)
args = parser.parse_args()
out = sys.stdout
out.write("INFO before the bar\n")
for frame in range(1, args.frames + 1):
    out.write(f"\rbar {frame}/{args.frames} |" + "#" * (20 * frame // args.frames) + "|  ")
    out.flush()
    time.sleep(args.interval)
out.write("\nINFO after the bar\n")
out.flush()
