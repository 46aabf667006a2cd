#!/usr/bin/env bash
# A real, small Kubernetes control plane for integration tests (infra.md b):
# etcd + kube-apiserver (RBAC, ServiceAccount admission, privileged pods) +
# kube-controller-manager, all on 127.0.0.1 with free ports, certificates made
# on the spot with openssl in a `mktemp -d` run directory.
#
#   eval "$(scripts/k8s.sh start)"   # prints export KUBECONFIG=... lines
#   scripts/k8s.sh stop [RUN_DIR]    # default: $CHOKEPOINT_K8S_RUN
#   scripts/k8s.sh user RUN_DIR NAME [GROUP...]  # an x509 user's kubeconfig path
#
# Exit 69 when the binaries are missing (set CHOKEPOINT_K8S_BUILD=1 to build
# them first), 3 when the control plane does not come up.
# start waits until the default ServiceAccount exists and the aggregated
# ClusterRole `admin` has rules. stop kills exactly the PIDs start saved, in
# reverse order, waits for them and removes the run directory. Binaries:
# scripts/k8s/build.sh (cached under $HOME/.cache/chokepoint/k8s/<version>);
# etcd from Debian's etcd-server (installed when missing and running as root).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
V=${CHOKEPOINT_K8S_VERSION:-1.34.4}
BIN=${CHOKEPOINT_CACHE:-$HOME/.cache/chokepoint}/k8s/$V/bin
START_TIMEOUT=${CHOKEPOINT_K8S_TIMEOUT:-120}

log() { echo "k8s.sh: $*" >&2; }
die() { log "$*"; exit 3; }

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# Where the binaries are, or why not (for callers that want to skip).
check() {
  local missing=()
  for c in kube-apiserver kube-controller-manager; do
    [ -x "$BIN/$c" ] || missing+=("$c")
  done
  command -v etcd >/dev/null || missing+=(etcd)
  command -v openssl >/dev/null || missing+=(openssl)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "missing: ${missing[*]}. Build Kubernetes with scripts/k8s/build.sh $V (Go module proxy, ~20 min once);" \
      "install etcd with: apt-get install -y --no-install-recommends etcd-server"
    return 1
  fi
  echo "ok $BIN"
}

ensure_etcd() {
  command -v etcd >/dev/null && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing etcd-server from Debian"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends etcd-server >&2 ||
      { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends etcd-server >&2; }
  fi
  command -v etcd >/dev/null || die "etcd not found: apt-get install -y --no-install-recommends etcd-server"
}

# Issues an x509 client certificate for NAME with groups, and a kubeconfig.
make_user() {
  local run=$1 name=$2; shift 2
  local subj="/CN=$name" g
  for g in "$@"; do subj="$subj/O=$g"; done
  local p=$run/pki
  openssl req -newkey rsa:2048 -nodes -subj "$subj" -keyout "$p/$name.key" -out "$p/$name.csr" 2>/dev/null
  openssl x509 -req -in "$p/$name.csr" -CA "$p/ca.crt" -CAkey "$p/ca.key" -CAcreateserial \
    -days 30 -out "$p/$name.crt" 2>/dev/null
  kubeconfig "$run" "$name" >"$run/$name.kubeconfig"
  echo "$run/$name.kubeconfig"
}

kubeconfig() {
  local run=$1 name=$2
  cat <<EOF
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster:
    server: https://127.0.0.1:$(cat "$run/apiserver.port")
    certificate-authority: $run/pki/apiserver.crt
users:
- name: $name
  user:
    client-certificate: $run/pki/$name.crt
    client-key: $run/pki/$name.key
contexts:
- name: $name@local
  context: {cluster: local, user: $name}
current-context: $name@local
EOF
}

wait_for() { # DESCRIPTION COMMAND...
  local what=$1; shift
  local deadline=$((SECONDS + START_TIMEOUT))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || { log "timed out waiting for $what (logs in $RUN)"; return 1; }
    sleep 0.3
  done
}

stop_run() {
  local run=$1
  [ -f "$run/pids" ] || { log "no pids file in $run"; return 0; }
  local pids
  pids=$(tac "$run/pids")
  for pid in $pids; do
    kill "$pid" 2>/dev/null || true
    # Not our child here: poll (bounded) instead of `wait`.
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$run"
  log "stopped ($(echo "$pids" | wc -w) processes)"
}

start() {
  if ! check >/dev/null; then
    ensure_etcd
    if [ "${CHOKEPOINT_K8S_BUILD:-0}" = 1 ] && [ ! -x "$BIN/kube-apiserver" -o ! -x "$BIN/kube-controller-manager" ]; then
      "$HERE/k8s/build.sh" "$V" >&2
    fi
    check >/dev/null || { check >&2 || true; exit 69; }  # EX_UNAVAILABLE: callers skip
  fi
  local t0=$SECONDS
  RUN=$(mktemp -d "${TMPDIR:-/tmp}/chokepoint-k8s.XXXXXX")
  trap 'log "start failed; stopping"; stop_run "$RUN"' ERR
  local P=$RUN/pki; mkdir -p "$P"
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=chokepoint-test-ca" \
    -keyout "$P/ca.key" -out "$P/ca.crt" 2>/dev/null
  openssl genrsa -out "$P/sa.key" 2048 2>/dev/null
  openssl rsa -in "$P/sa.key" -pubout -out "$P/sa.pub" 2>/dev/null

  local etcd_port etcd_peer api_port kcm_port
  etcd_port=$(free_port); etcd_peer=$(free_port); api_port=$(free_port); kcm_port=$(free_port)
  echo "$api_port" >"$RUN/apiserver.port"

  etcd --name cp --data-dir "$RUN/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$etcd_peer" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer" \
    --initial-cluster "cp=http://127.0.0.1:$etcd_peer" --quota-backend-bytes=2147483648 \
    </dev/null >"$RUN/etcd.log" 2>&1 &
  echo $! >>"$RUN/pids"
  wait_for etcd curl -sf "http://127.0.0.1:$etcd_port/health"

  "$BIN/kube-apiserver" \
    --etcd-servers="http://127.0.0.1:$etcd_port" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$api_port" \
    --cert-dir="$P" --client-ca-file="$P/ca.crt" \
    --authorization-mode=RBAC --allow-privileged=true \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$P/sa.pub" --service-account-signing-key-file="$P/sa.key" \
    --service-cluster-ip-range=10.96.0.0/16 \
    --enable-priority-and-fairness=false --max-requests-inflight=800 --max-mutating-requests-inflight=400 \
    </dev/null >"$RUN/apiserver.log" 2>&1 &
  echo $! >>"$RUN/pids"
  wait_for "kube-apiserver /readyz" curl -skf "https://127.0.0.1:$api_port/readyz"

  make_user "$RUN" admin system:masters >/dev/null
  export KUBECONFIG=$RUN/admin.kubeconfig

  # Only the controllers the tests need: no workload controllers, so applied
  # Deployments do not grow ReplicaSets and Pods the offline input lacks.
  "$BIN/kube-controller-manager" \
    --kubeconfig="$KUBECONFIG" \
    --authentication-kubeconfig="$KUBECONFIG" --authorization-kubeconfig="$KUBECONFIG" \
    --bind-address=127.0.0.1 --secure-port="$kcm_port" --leader-elect=false \
    --controllers=serviceaccount-controller,serviceaccount-token-controller,clusterrole-aggregation-controller,namespace-controller,garbage-collector-controller,root-ca-certificate-publisher-controller \
    --service-account-private-key-file="$P/sa.key" --root-ca-file="$P/apiserver.crt" \
    --use-service-account-credentials=true \
    --cluster-signing-cert-file="$P/ca.crt" --cluster-signing-key-file="$P/ca.key" \
    </dev/null >"$RUN/kcm.log" 2>&1 &
  echo $! >>"$RUN/pids"
  wait_for "default ServiceAccount" kubectl get serviceaccount default -n default
  wait_for "aggregated ClusterRole admin" \
    bash -c 'kubectl get clusterrole admin -o jsonpath="{.rules[0].verbs}" | grep -q .'
  trap - ERR
  log "ready in $((SECONDS - t0)) s: $RUN"
  echo "export KUBECONFIG=$RUN/admin.kubeconfig"
  echo "export CHOKEPOINT_K8S_RUN=$RUN"
}

case ${1:-} in
  start) start ;;
  stop) stop_run "${2:-${CHOKEPOINT_K8S_RUN:?stop needs RUN_DIR or CHOKEPOINT_K8S_RUN}}" ;;
  user) shift; [ $# -ge 2 ] || { log "usage: k8s.sh user RUN_DIR NAME [GROUP...]"; exit 2; }; make_user "$@" ;;
  check) check ;;
  build) exec "$HERE/k8s/build.sh" "$V" ;;
  *) echo "usage: scripts/k8s.sh start|stop [RUN_DIR]|user RUN_DIR NAME [GROUP...]|check|build" >&2; exit 2 ;;
esac
