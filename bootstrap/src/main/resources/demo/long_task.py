"""Works for a long time, reporting progress; on a cancel it cleans up and says goodbye."""
import argparse
import signal
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("--steps", type=int, default=600)
args = parser.parse_args()


def goodbye(signum, frame):
    print("WARNING stop requested: cleaning up", flush=True)
    print("INFO goodbye", flush=True)
    sys.exit(0)


signal.signal(signal.SIGTERM, goodbye)
for step in range(1, args.steps + 1):
    print(f"INFO step {step} of {args.steps}", flush=True)
    print(f"::progress::{step}/{args.steps}", flush=True)
    time.sleep(1)
print("INFO all steps done", flush=True)
