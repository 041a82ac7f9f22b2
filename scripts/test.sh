#!/usr/bin/env bash
# `npm test`: everything the tests need, then every vitest project.
#  1. host dependencies (Debian packages, the Docker engine) and builds, cached by version
#  2. the embedded local cluster (`gauntlet cluster up`), or the one in GAUNTLET_KUBECONFIG
#  3. vitest: unit, then each suite against the cluster, one project at a time (a chaos
#     fault must not land under another suite's pods)
#  4. the local cluster is torn down again, on failure too (GAUNTLET_KEEP_CLUSTER=1 keeps it)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ -z "${GAUNTLET_KUBECONFIG:-}" ]; then
  if [ "${GAUNTLET_KEEP_CLUSTER:-0}" != 1 ]; then trap 'npx tsx cli/main.ts cluster down || true' EXIT; fi
  npx tsx cli/main.ts cluster up
fi
if [ $# -gt 0 ]; then exec npx vitest run "$@"; fi
for project in unit performance isolation chaos; do
  npx vitest run --project "$project" --passWithNoTests
done
