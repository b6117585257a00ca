"""Takes one parameter of every kind and prints what it received (secrets masked)."""
import json
import sys

received = sys.argv[1:]
shown = []
hide_next = False
for arg in received:
    shown.append("********" if hide_next else arg)
    hide_next = arg == "--api_key"
print("INFO arguments: " + json.dumps(shown), flush=True)
print("INFO done", flush=True)
