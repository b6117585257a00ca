"""Works until SIGTERM, then says goodbye and exits 0."""
import signal
import sys
import time


def goodbye(signum, frame):
    print("goodbye", flush=True)
    sys.exit(0)


signal.signal(signal.SIGTERM, goodbye)
print("ready", flush=True)
while True:
    time.sleep(0.1)
