#!/usr/bin/env bash
# Benchmark of live collection (docs/benchmarks.md, "Live collection"): starts
# its own control plane (scripts/k8s.sh), seeds PODS pods (default 10000) on
# Node objects, then times `chokepoint collect` against `kubectl get -o json`
# of the same resource types one after another. Stops what it started.
set -euo pipefail
cd "$(dirname "$0")/.."
PODS=${1:-10000}
ENV=$(scripts/k8s.sh start)
eval "$ENV"
trap 'scripts/k8s.sh stop "$CHOKEPOINT_K8S_RUN"' EXIT
node scripts/bench-collect-seed.mjs "$PODS"

now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc; }

# The resource types the collector lists (RESOURCES of packages/collector),
# as kubectl names; kinds the cluster does not serve (Gateway API) are left
# out on both sides.
TYPES=(namespaces nodes pods serviceaccounts secrets configmaps services endpoints
  replicationcontrollers endpointslices.discovery.k8s.io roles.rbac.authorization.k8s.io
  rolebindings.rbac.authorization.k8s.io clusterroles.rbac.authorization.k8s.io
  clusterrolebindings.rbac.authorization.k8s.io deployments.apps daemonsets.apps
  statefulsets.apps replicasets.apps jobs.batch cronjobs.batch ingresses.networking.k8s.io
  ingressclasses.networking.k8s.io networkpolicies.networking.k8s.io
  mutatingwebhookconfigurations.admissionregistration.k8s.io
  validatingwebhookconfigurations.admissionregistration.k8s.io
  validatingadmissionpolicies.admissionregistration.k8s.io
  validatingadmissionpolicybindings.admissionregistration.k8s.io runtimeclasses.node.k8s.io)

OUT=$CHOKEPOINT_K8S_RUN/bench
mkdir -p "$OUT"
# Warm-up (caches, tsx compile cache), not timed.
node apps/cli/bin/chokepoint.js collect -q -o "$OUT/warm.json" >/dev/null
for t in pods; do kubectl get "$t" -A -o json >/dev/null; done

ROUNDS=${ROUNDS:-3}
for r in $(seq 1 "$ROUNDS"); do
  t0=$(now)
  node apps/cli/bin/chokepoint.js collect -q -o "$OUT/snapshot.json" >/dev/null
  t1=$(now)
  for t in "${TYPES[@]}"; do kubectl get "$t" -A -o json >"$OUT/$t.json"; done
  t2=$(now)
  echo "round $r: chokepoint collect $(secs "$t0" "$t1") s; kubectl get x${#TYPES[@]} $(secs "$t1" "$t2") s"
done
PODS_IN=$(node -e 'const s=require(process.argv[1]);console.log(s.objects.Pod.length)' "$OUT/snapshot.json")
echo "snapshot: $PODS_IN pods, $(du -h "$OUT/snapshot.json" | cut -f1); kubectl output $(cat "$OUT"/*.json | wc -c | numfmt --to=iec) (incl. snapshot)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(date)"
