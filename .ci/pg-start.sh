#!/usr/bin/env bash
# Starts a throw-away PostgreSQL 15 cluster and prints its URL on the last line.
# Usage: source-free: URL=$(bash .ci/pg-start.sh DIR [PORT]); stop with .ci/pg-stop.sh DIR
set -euo pipefail
DIR=${1:?directory}
PORT=${2:-}
BIN=/usr/lib/postgresql/15/bin
if [ -z "$PORT" ]; then
  PORT=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
fi
mkdir -p "$DIR"
RUN=""
if [ "$(id -u)" = "0" ]; then
  # initdb refuses to run as root: the cluster belongs to the postgres user.
  chown -R postgres "$DIR"
  RUN="su postgres -s /bin/bash -c"
else
  RUN="bash -c"
fi
$RUN "$BIN/initdb -D '$DIR/data' -A trust -U postgres -E UTF8 --locale=C.UTF-8 >'$DIR/initdb.log' 2>&1"
$RUN "$BIN/pg_ctl -D '$DIR/data' -o \"-p $PORT -k '$DIR' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=512MB -c max_connections=200\" -l '$DIR/server.log' -w start >/dev/null"
echo "postgres://postgres@127.0.0.1:$PORT/postgres"
