#!/usr/bin/env bash
# The benchmark: builds the host in Release, then drives the real host process over loopback HTTP.
#   bench/run.sh            full run (several minutes)
#   bench/run.sh --quick    a smoke check in under two minutes (cold JIT: figures well below the full run's)
#   bench/run.sh --postgresql   the host on a throwaway PostgreSQL server, 1 and 2 instances (needs Debian's postgresql)
# Options: --runs N (default 3), --seconds S (per measured phase), --warmup S, --backlog N (drain test events),
#   --baseline DIR (another checkout, measured in each run too), --drain-only, --drain-partitions N (default 16).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build Ecommerce.Host/Ecommerce.Host.csproj -c Release -nologo -v quiet
dotnet build bench/Ecommerce.Benchmark/Ecommerce.Benchmark.csproj -c Release -nologo -v quiet
exec dotnet bench/Ecommerce.Benchmark/bin/Release/net10.0/Ecommerce.Benchmark.dll "$@"
