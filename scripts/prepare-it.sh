#!/usr/bin/env bash
# Gets the real components the integration tests run against (infra.md):
# Debian's chromium for the viewer, the pinned kube-apiserver and
# kube-controller-manager built from the Go module proxy (etcd comes with
# scripts/k8s.sh start), and the Neo4j 5.26 jars from Maven Central. Each
# step is cached and returns at once the second time. A step that cannot
# run here (no root for apt, no Go, no Java) is reported, and the tests that
# need it skip with a message saying how to get it.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
step() {
  local name=$1; shift
  echo "prepare-it: $name" >&2
  if ! "$@" >&2; then
    echo "prepare-it: $name is not available here; its integration tests will skip" >&2
    status=1
  fi
}
step "chromium (viewer end-to-end tests)" bash scripts/install-chromium.sh
step "buildah (the container image test)" bash scripts/install-buildah.sh
step "Kubernetes control plane binaries" bash scripts/k8s/build.sh
step "Neo4j jars" bash scripts/neo4j.sh fetch
# In CI every component must be there: a skipped integration test is not a pass.
if [ "${CI:-}" = "true" ] && [ "$status" -ne 0 ]; then exit 1; fi
exit 0
