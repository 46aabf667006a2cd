#!/usr/bin/env bash
# Mutation testing (StrykerJS, vitest runner) over one folder of
# packages/engine/src, e.g. `scripts/mutation.sh rbac`. Slow (tens of minutes
# on 2 cores), so not part of `npm test`. Incremental: reports/mutation/
# keeps one incremental file per folder and a re-run tests only the mutants
# whose code or covering tests changed; --force re-tests every mutant.
# Environment: CHOKEPOINT_MUTATION_CONCURRENCY (default 2) test processes;
# CHOKEPOINT_MUTATE_EXCLUDE, comma-separated globs left out of the run;
# CHOKEPOINT_MUTATION_BATCH=NAME with `--mutate FILES` scores some files of a
# large folder into reports/mutation/FOLDER-NAME.* (e.g. rules/ per rule,
# with CHOKEPOINT_MUTATION_TESTS set to that rule's tests).
set -euo pipefail
cd "$(dirname "$0")/.."
folder="${1:-}"
if [[ -z "$folder" || ! -d "packages/engine/src/$folder" ]]; then
  echo "usage: scripts/mutation.sh FOLDER [--wide] [--force] [stryker options...]" >&2
  echo "FOLDER is one of: $(cd packages/engine/src && ls -d */ | tr -d / | tr '\n' ' ')" >&2
  exit 2
fi
shift
shared="$(cd .. && pwd)/shared"
if [[ ! -d "$shared/conformance" ]]; then
  echo "mutation.sh: $shared/conformance not found: shared/ must sit beside the repository" >&2
  exit 2
fi
mkdir -p .stryker-tmp reports/mutation
# The tests read ../shared relative to the repository; the sandbox is
# .stryker-tmp/sandbox-*, so ../shared is .stryker-tmp/shared.
ln -sfn "$shared" .stryker-tmp/shared
# The tests that exercise each folder (CHOKEPOINT_MUTATION_TESTS overrides).
# With perTest coverage Stryker runs, per mutant, only the tests covering it;
# the rule tests cover nearly every RBAC and predicate line and build graphs,
# so they are a second, incremental pass (`--wide`): it re-runs only the
# mutants that survived the folder's own tests or that they did not cover.
t=packages/engine/test
wide=false
if [[ "${1:-}" == "--wide" ]]; then wide=true; shift; fi
case "$folder" in
  rbac) tests="$t/rbac/**/*.test.ts,$t/policy.test.ts" ;;
  predicates) tests="$t/predicates/**/*.test.ts" ;;
  rules) tests="$t/rules/**/*.test.ts" ;;
  *) tests="$t/**/*.test.ts" ;;
esac
if $wide; then
  case "$folder" in
    rbac) tests="$tests,$t/rules/**/*.test.ts,$t/findings/rbac-*.test.ts" ;;
    predicates) tests="$tests,$t/rules/**/*.test.ts,$t/findings/**/*.test.ts" ;;
    rules) tests="$tests,$t/conformance/*.test.ts" ;;
  esac
fi
export CHOKEPOINT_MUTATION_TESTS="${CHOKEPOINT_MUTATION_TESTS:-$tests}"
CHOKEPOINT_MUTATE="$folder" exec node_modules/.bin/stryker run stryker.config.mjs "$@"
