"""The load benchmark behind `make bench`: see scripts/loadbench/run.py."""
