"""Prints nothing and exits cleanly."""
