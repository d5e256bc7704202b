#!/usr/bin/env bash
# Write kcost's nginx configuration for a list of replicas to standard output.
#
#   deploy/render-nginx-conf.sh LISTEN STATE_DIR HOST:PORT [HOST:PORT ...] > nginx.conf
#
# LISTEN is nginx's address:port (127.0.0.1:8640 on one host, 0.0.0.0:8080 in a container),
# STATE_DIR a directory nginx may write (pid file, access log, temp files), then one HOST:PORT
# per kcost replica. Used by deploy/run-replicas.sh and by the proxy container (compose.yaml).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
template="${KCOST_NGINX_TEMPLATE:-$here/nginx.conf.template}"
if [ $# -lt 3 ]; then
  echo "usage: $0 LISTEN STATE_DIR HOST:PORT [HOST:PORT ...]" >&2
  exit 2
fi
listen="$1"; state="$2"; shift 2
# Values go into nginx's configuration verbatim: accept only plain addresses and paths.
[[ "$listen" =~ ^[][A-Za-z0-9.:-]+$ ]] || { echo "bad LISTEN: $listen" >&2; exit 2; }
[[ "$state" =~ ^/[A-Za-z0-9._/-]+$ ]] || { echo "bad STATE_DIR (absolute path, no spaces): $state" >&2; exit 2; }
servers=""
for upstream in "$@"; do
  [[ "$upstream" =~ ^[A-Za-z0-9.-]+:[0-9]+$ ]] || { echo "bad replica HOST:PORT: $upstream" >&2; exit 2; }
  servers+="        server $upstream max_fails=1 fail_timeout=10s;"$'\n'
done
while IFS= read -r line || [ -n "$line" ]; do
  case "$line" in
    @@UPSTREAM_SERVERS@@) printf '%s' "$servers" ;;
    *) line="${line//@@LISTEN@@/$listen}"; printf '%s\n' "${line//@@STATE_DIR@@/$state}" ;;
  esac
done < "$template"
