"""Records, in --dir, how many runs of this module are alive when it starts, then works a little."""
import argparse
import os
import time

parser = argparse.ArgumentParser()
parser.add_argument("--index", type=int)
parser.add_argument("--dir")
args = parser.parse_args()
marker = os.path.join(args.dir, f"running-{os.getpid()}")
open(marker, "w").close()
alive = len([name for name in os.listdir(args.dir) if name.startswith("running-")])
with open(os.path.join(args.dir, "starts.log"), "a") as log:
    log.write(f"{args.index} {alive}\n")
time.sleep(0.3)
os.remove(marker)
print(f"run {args.index} saw {alive} alive", flush=True)
