#!/usr/bin/env bash
# `npm test`: everything the tests need, then every vitest project.
#  0. the project's own static checks, first because they take seconds, cheapest first:
#     TypeScript types (`tsc --noEmit`, ~10 s), the probe's `go vet` and Go tests (its escape
#     attempts and result schema) and the workloads stamp's (fixtures/workloads; seconds once
#     Go's build cache is warm), then the lint (ESLint with typescript-eslint's type-checked
#     rules, eslint.config.js; ~20 s)
#  1. host dependencies (Debian packages, the Docker engine) and builds, cached by version
#  2. the embedded local cluster (`gauntlet cluster up`), or the one in GAUNTLET_KUBECONFIG
#  3. vitest: unit, then the harness's own tests (against the cluster; the reports in headless
#     Chromium), then each suite against the cluster, one project at a time (a chaos fault
#     must not land under another suite's pods), then
#     `prove` (the gate seen to fail on a sabotaged embedded cluster, lib/prove/); every
#     project writes JUnit and Allure results to reports/<run-id>/ (one run id for all)
#  4. the gate report of the run and its screenshots (informational here: the tests decide
#     npm test's exit code)
#  5. the local cluster is torn down again, on failure too (GAUNTLET_KEEP_CLUSTER=1 keeps it)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
echo "test.sh: tsc --noEmit" >&2
npx tsc --noEmit
echo "test.sh: go vet and go test (fixtures/probe, fixtures/workloads)" >&2
(cd fixtures/probe && go vet ./... && go test ./...)
(cd fixtures/workloads && go vet ./... && go test ./...)
echo "test.sh: eslint" >&2
npx eslint .
if [ -z "${GAUNTLET_KUBECONFIG:-}" ]; then
  if [ "${GAUNTLET_KEEP_CLUSTER:-0}" != 1 ]; then trap 'npx tsx cli/main.ts cluster down || true' EXIT; fi
  npx tsx cli/main.ts cluster up
fi
export GAUNTLET_RUN_ID="${GAUNTLET_RUN_ID:-$(date -u +%Y%m%d-%H%M%S)-test}"
# The suites against the embedded cluster run with its accepted differences, each with its reason
# (fixtures/cluster/embedded.config.yaml); the unit tests keep the environment they were given.
suite_config="${GAUNTLET_CONFIG:-}"
if [ -z "${GAUNTLET_KUBECONFIG:-}" ] && [ -z "$suite_config" ]; then suite_config="$PWD/fixtures/cluster/embedded.config.yaml"; fi
# The suites run as the least-privilege ServiceAccount of deploy/rbac.yaml (cluster up writes its
# kubeconfig; lib/paths.ts harnessKubeconfigPath), so a permission missing from the list is a 403.
suite_kubeconfig="${GAUNTLET_KUBECONFIG:-${GAUNTLET_STATE:-$HOME/.local/state/sandbox-gauntlet}/harness.kubeconfig}"
# Leftovers of killed runs of this harness (by label) go first, as gauntlet run does.
GAUNTLET_KUBECONFIG="$suite_kubeconfig" npx tsx cli/main.ts sweep
if [ $# -gt 0 ]; then GAUNTLET_CONFIG="$suite_config" exec npx vitest run "$@"; fi
projects="unit harness performance workloads isolation chaos"
# prove sabotages the cluster on purpose: the embedded one only, never one GAUNTLET_KUBECONFIG names.
if [ -z "${GAUNTLET_KUBECONFIG:-}" ]; then projects="$projects prove"; fi
for project in $projects; do
  case "$project" in
    performance|workloads|isolation|chaos) GAUNTLET_CONFIG="$suite_config" GAUNTLET_KUBECONFIG="$suite_kubeconfig" npx vitest run --project "$project" --passWithNoTests ;;
    *) npx vitest run --project "$project" --passWithNoTests ;;
  esac
done
GAUNTLET_CONFIG="$suite_config" npx tsx cli/main.ts report --run-id "$GAUNTLET_RUN_ID" || echo "test.sh: no gate report for run $GAUNTLET_RUN_ID (see above)" >&2
