#!/usr/bin/env bash
# Deploys every integ app to a real AWS account and runs its assertions (see docs/probe.md).
# Refuses to run unless INTEG_DEPLOY=yes: it creates ElastiCache clusters, NAT gateways and Lambdas that cost money.
set -euo pipefail
if [ "${INTEG_DEPLOY:-}" != "yes" ]; then
  echo "integ:deploy deploys real ElastiCache clusters and costs money (about \$0.50 for the three apps): set INTEG_DEPLOY=yes to confirm" >&2
  exit 1
fi
# --force: every app, not only changed ones; --no-update-workflow: deploy the current app once, not the
# committed snapshot first (twice the time and cost); --update-on-failed: refresh the snapshots on success.
exec npx integ-runner --directory integ --language typescript --force --no-update-workflow --update-on-failed --parallel-regions "${INTEG_REGION:-us-east-1}" "$@"
