#!/usr/bin/env bash
# Builds kube-apiserver and kube-controller-manager of one pinned Kubernetes
# release from the Go module proxy, cached under
# $HOME/.cache/chokepoint/k8s/<version>/bin (infra.md section b). A cached
# build returns at once; an interrupted one leaves no half binary.
#
# `go install k8s.io/kubernetes/cmd/...@v1.X.Y` is refused because the
# kubernetes go.mod replaces every staging module with a local path; a
# wrapper module replacing each staging module by its published v0.X.Y twin
# builds with a plain `go build`.
set -euo pipefail
V=${1:-${CHOKEPOINT_K8S_VERSION:-1.34.4}}
MINOR=$(cut -d. -f2 <<<"$V")
ROOT=${CHOKEPOINT_CACHE:-$HOME/.cache/chokepoint}/k8s/$V
COMPONENTS=(kube-apiserver kube-controller-manager)
mkdir -p "$ROOT/src" "$ROOT/bin"
missing=0
for c in "${COMPONENTS[@]}"; do [ -x "$ROOT/bin/$c" ] || missing=1; done
if [ "$missing" = 0 ]; then echo "$ROOT/bin"; exit 0; fi
command -v go >/dev/null || { echo "build.sh: Go is needed to build Kubernetes $V" >&2; exit 3; }
cd "$ROOT/src"
[ -f go.mod ] || go mod init chokepoint.local/k8s-build >/dev/null 2>&1
if ! grep -q "k8s.io/kubernetes v$V" go.mod; then
  echo "build.sh: resolving k8s.io/kubernetes v$V from the Go module proxy" >&2
  KMOD=$(go mod download -json "k8s.io/kubernetes@v$V" | python3 -c 'import json,sys; print(json.load(sys.stdin)["GoMod"])')
  for m in $(awk '$1 ~ /^k8s\.io\// && $2 == "v0.0.0" {print $1}' "$KMOD" | sort -u); do
    go mod edit -replace="$m=$m@v0.${V#1.}"
  done
  go mod edit -require="k8s.io/kubernetes@v$V"
  tools=()
  for c in "${COMPONENTS[@]}"; do tools+=("k8s.io/kubernetes/cmd/$c@v$V"); done
  go get -tool "${tools[@]}" >&2
fi
LD="-s -w -X k8s.io/component-base/version.gitVersion=v$V -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$MINOR -X k8s.io/component-base/version.gitTreeState=clean"
for c in "${COMPONENTS[@]}"; do
  [ -x "$ROOT/bin/$c" ] && continue
  echo "build.sh: building $c v$V (the first build takes a while on 2 cores)" >&2
  CGO_ENABLED=0 go build -trimpath -ldflags "$LD" -o "$ROOT/bin/$c.tmp" "k8s.io/kubernetes/cmd/$c"
  mv "$ROOT/bin/$c.tmp" "$ROOT/bin/$c"
done
echo "$ROOT/bin"
