#!/usr/bin/env bash
echo "sleeping $$"
sleep 1000 &
echo "child $!"
wait
