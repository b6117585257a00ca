"""Writes the awkward cases: invalid UTF-8, a 1 MB line, carriage-return progress, ANSI colours, and a last
line without a newline right before exit 3."""
import sys

out = sys.stdout.buffer
out.write(b"invalid \xff\xfe utf-8\n")
out.write(b"x" * (1024 * 1024) + b"\n")
out.write(b"progress 10%\rprogress 50%\rprogress 100%\n")
out.write(b"\x1b[31mERROR\x1b[0m in colour\n")
out.write(b"nul \x00 and bell \x07 inside\n")
out.write(b"last words without newline")
out.flush()
sys.exit(3)
