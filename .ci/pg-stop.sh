#!/usr/bin/env bash
# Stops the cluster started by pg-start.sh and removes its directory.
set -uo pipefail
DIR=${1:?directory}
BIN=/usr/lib/postgresql/15/bin
if [ -d "$DIR/data" ]; then
  if [ "$(id -u)" = "0" ]; then
    su postgres -s /bin/bash -c "$BIN/pg_ctl -D '$DIR/data' -m fast -w stop" >/dev/null 2>&1
  else
    "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1
  fi
fi
rm -rf "$DIR"
