#!/usr/bin/env bash
# `npm test`: everything the tests need, then every vitest project.
#  1. host dependencies (Debian packages, the Docker engine) and builds, cached by version
#  2. the embedded local cluster (`gauntlet cluster up`), or the one in GAUNTLET_KUBECONFIG
#  3. vitest: unit, then the suites against the cluster
#  4. the local cluster is torn down again, on failure too (GAUNTLET_KEEP_CLUSTER=1 keeps it)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ -z "${GAUNTLET_KUBECONFIG:-}" ]; then
  if [ "${GAUNTLET_KEEP_CLUSTER:-0}" != 1 ]; then trap 'npx tsx cli/main.ts cluster down || true' EXIT; fi
  npx tsx cli/main.ts cluster up
fi
npx vitest run "$@"
