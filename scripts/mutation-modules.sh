#!/bin/sh
# Mutation-tests each module named on the command line, one after another, each against only its
# own test files (MUTATION_MODULE in stryker.config.mjs), at low priority and one worker, as the
# shared development machine needs. Each run leaves reports/mutation/<module>.json and .html and
# its own incremental file, so a later run of the same module only retries what changed.
# MUTATION_CONCURRENCY=2 uses two workers when the machine is otherwise quiet.
#   sh scripts/mutation-modules.sh src/domain/redaction.ts src/domain/policy.ts
#   sh scripts/mutation-modules.sh src/services/portal          # a directory: all its modules
set -e
mkdir -p reports/mutation
for module in "$@"; do
  lines=${module#*:}; [ "$lines" = "$module" ] && lines= ; module=${module%%:*}
  label=$(echo "$module" | sed -e 's#^src/##' -e 's#\.ts$##' -e 's#/#-#g')${lines:+-L$lines}
  echo "== $module ($(date -u +%H:%M:%S) UTC)"
  MUTATION_MODULE="$module" MUTATION_LINES="$lines" nice -n 10 npm run --silent test:mutation -- --concurrency "${MUTATION_CONCURRENCY:-1}" \
    >"reports/mutation/$label.log" 2>&1 || echo "   failed: see reports/mutation/$label.log"
  grep -E '^All files|^ *[A-Za-z].*\|' "reports/mutation/$label.log" | tail -3 || true
done
