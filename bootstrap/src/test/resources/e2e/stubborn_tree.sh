#!/usr/bin/env bash
# Ignores SIGTERM and starts a grandchild that also ignores it and holds stdout open.
trap '' TERM
echo "parent $$"
bash -c 'trap "" TERM; echo "grandchild $$"; while true; do sleep 0.2; done' &
echo "started"
while true; do sleep 0.2; done
