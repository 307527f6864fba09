"""policytext's benchmark suite; run it with `python -m benchmarks` (see run.py)."""
