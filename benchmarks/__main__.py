"""`python -m benchmarks`: run the benchmark suite and write benchmarks/results.md."""

import sys

from benchmarks.run import main

sys.exit(main())
