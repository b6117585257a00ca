"""Does a little work, reports an error on stderr and exits with a non-zero code."""
import argparse
import sys

parser = argparse.ArgumentParser()
parser.add_argument("--exit_code", type=int, default=3)
args = parser.parse_args()

print("INFO loading input", flush=True)
print("INFO 2 records read", flush=True)
print("ERROR record 3 is malformed: missing 'title'", file=sys.stderr, flush=True)
print("CRITICAL cannot continue", file=sys.stderr, end="", flush=True)
sys.exit(args.exit_code)
