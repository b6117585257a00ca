"""Prints its arguments as one JSON line."""
import json
import sys

print(json.dumps(sys.argv[1:]), flush=True)
