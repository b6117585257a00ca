"""Says which service node started it (its parent's pid), records that in --dir with how many runs of this
module that node runs at once, then prints --lines numbered lines, --pause seconds apart."""
import argparse
import os
import time

parser = argparse.ArgumentParser()
parser.add_argument("--index", type=int)
parser.add_argument("--dir")
parser.add_argument("--lines", type=int, default=0)
parser.add_argument("--pause", type=float, default=0)
args = parser.parse_args()
node = os.getppid()
marker = os.path.join(args.dir, f"running-{node}-{os.getpid()}")
open(marker, "w").close()
print(f"node {node}", flush=True)
alive = len([name for name in os.listdir(args.dir) if name.startswith(f"running-{node}-")])
with open(os.path.join(args.dir, "starts.log"), "a") as log:
    log.write(f"{args.index} {node} {alive}\n")
try:
    for n in range(1, args.lines + 1):
        print(f"probe line {n:06d}", flush=True)
        if args.pause:
            time.sleep(args.pause)
    if not args.lines:
        time.sleep(args.pause)
finally:
    os.remove(marker)
