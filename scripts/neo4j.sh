#!/usr/bin/env bash
# A real Neo4j 5.26 LTS (Community) from Maven Central jars, without Docker
# (infra.md section a): Bolt on 127.0.0.1 at a free port, authentication on,
# the password of user neo4j set at first start, a modest heap.
#
#   eval "$(scripts/neo4j.sh start)"   # prints export NEO4J_URI=... lines
#   scripts/neo4j.sh stop              # stops exactly what start started
#   scripts/neo4j.sh import HOME ARGS  # neo4j-admin database import full ... into HOME
#   scripts/neo4j.sh fetch             # only download the jars
#
# Environment (all optional):
#   NEO4J_PASSWORD   password to set (default: a random one; at least 8 chars)
#   NEO4J_HEAP       JVM heap, -Xms and -Xmx (default 1g; use 2g for benchmarks)
#   NEO4J_PAGECACHE  page cache in MiB (default 256)
#   NEO4J_HOME_DIR   serve this DBMS home instead of a fresh one (kept on stop)
#   NEO4J_RUN        run directory that start printed (stop needs it)
#
# Jars are cached in ~/.m2 and copied to $HOME/.cache/chokepoint/neo4j/VERSION/lib.
# Exit codes: 0 ok, 1 failure, 69 Java, Maven or the jars are not available.
set -euo pipefail

VERSION=5.26.30
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LIB="$HOME/.cache/chokepoint/neo4j/$VERSION/lib"
JAVA_OPENS=(
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  -Dio.netty.tryReflectionSetAccessible=true
)

log() { echo "neo4j.sh: $*" >&2; }
unavailable() {
  log "$*"
  log "to get it: install OpenJDK 17 and Maven (apt-get install -y openjdk-17-jdk-headless maven),"
  log "then run scripts/neo4j.sh fetch (downloads ~123 MB of Neo4j $VERSION jars from Maven Central)"
  exit 69
}

fetch() {
  command -v java >/dev/null || unavailable "java not found"
  local major
  major=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
  [ "${major:-0}" -ge 17 ] || unavailable "Java 17 or 21 is needed (found ${major:-none})"
  [ -f "$LIB/neo4j-$VERSION.jar" ] && return 0
  command -v mvn >/dev/null || unavailable "the jars are not in $LIB and mvn is not installed"
  log "downloading Neo4j $VERSION jars into $LIB"
  rm -rf "$LIB.tmp"
  if ! mvn -B -q -f "$HERE/neo4j/pom.xml" \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$LIB.tmp" >&2; then
    rm -rf "$LIB.tmp"
    unavailable "mvn could not download the jars from Maven Central"
  fi
  mv "$LIB.tmp" "$LIB" # atomic: an interrupted download leaves no half lib/
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

start() {
  fetch
  local run home port password heap pagecache pid
  run=$(mktemp -d "${TMPDIR:-/tmp}/chokepoint-neo4j.XXXXXX")
  home=${NEO4J_HOME_DIR:-$run/home}
  port=$(free_port)
  password=${NEO4J_PASSWORD:-$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')}
  [ "${#password}" -ge 8 ] || { log "NEO4J_PASSWORD must have at least 8 characters"; exit 1; }
  heap=${NEO4J_HEAP:-1g}
  pagecache=${NEO4J_PAGECACHE:-256}
  local began=$SECONDS
  NEO4J_PASSWORD=$password nohup java -Xms"$heap" -Xmx"$heap" "${JAVA_OPENS[@]}" \
    -cp "$LIB/*" "$HERE/neo4j/Neo4jLauncher.java" "$home" "$port" "$pagecache" \
    >"$run/neo4j.log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >>"$run/pids"
  # Ready = the launcher's line, then the Bolt port accepts connections (cap 90 s).
  local i
  for ((i = 0; i < 360; i++)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "Neo4j exited during start; last lines of $run/neo4j.log:"
      tail -20 "$run/neo4j.log" >&2
      rm -rf "$run"
      exit 1
    fi
    if grep -q '^NEO4J_READY' "$run/neo4j.log" && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      log "Neo4j $VERSION ready on bolt://127.0.0.1:$port in $((SECONDS - began)) s (pid $pid, run dir $run)"
      echo "export NEO4J_URI=bolt://127.0.0.1:$port"
      echo "export NEO4J_USER=neo4j"
      echo "export NEO4J_PASSWORD=$password"
      echo "export NEO4J_RUN=$run"
      return 0
    fi
    sleep 0.25
  done
  log "Neo4j did not become ready within 90 s; see $run/neo4j.log"
  NEO4J_RUN=$run stop
  exit 1
}

stop() {
  local run=${1:-${NEO4J_RUN:-}}
  [ -n "$run" ] || { log "stop: set NEO4J_RUN (printed by start) or pass the run dir"; exit 1; }
  [ -f "$run/pids" ] || { log "stop: nothing started in $run"; return 0; }
  local pid i
  # Exactly the PIDs start saved, newest first: SIGTERM (the shutdown hook
  # closes the store), up to 60 s, then SIGKILL.
  for pid in $(tac "$run/pids"); do
    kill -TERM "$pid" 2>/dev/null || continue
    for ((i = 0; i < 240; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "pid $pid did not stop in 60 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$run"
  log "stopped"
}

import_csv() {
  fetch
  local home=${1:?usage: neo4j.sh import HOME ARGS... (arguments of neo4j-admin database import full)}
  shift
  mkdir -p "$home/conf"
  touch "$home/conf/neo4j.conf"
  NEO4J_HOME=$home NEO4J_CONF=$home/conf java -Xms"${NEO4J_HEAP:-1g}" -Xmx"${NEO4J_HEAP:-1g}" \
    "${JAVA_OPENS[@]}" -cp "$LIB/*" org.neo4j.cli.AdminTool database import full "$@"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  fetch) fetch ;;
  import) shift; import_csv "$@" ;;
  *)
    echo "usage: scripts/neo4j.sh start|stop [RUN]|fetch|import HOME ARGS..." >&2
    exit 1
    ;;
esac
