#!/usr/bin/env bash
# Serve kcost from N replicas behind nginx on one host; Ctrl-C (or TERM) stops everything.
#
#   deploy/run-replicas.sh N [BASE_PORT]     # nginx on 127.0.0.1:BASE_PORT (default 8500),
#                                            # replicas on 127.0.0.1:BASE_PORT+1 ... +N
#
# Open http://127.0.0.1:BASE_PORT/. Each replica is `streamlit run app.py` from the checkout
# (so the repository's .streamlit/config.toml applies), bound to loopback; only nginx is the way
# in. nginx is Debian's (/usr/sbin/nginx), run with its own prefix, configuration, pid file and
# logs in a run directory: /etc/nginx and the system service are not touched.
#
# Environment (all optional):
#   KCOST_LISTEN          nginx's address:port (default 127.0.0.1:BASE_PORT). To serve other
#                         machines put TLS in front, or use the container set-up (compose.yaml).
#   KCOST_RUN_DIR         run directory (default: a new temporary one, removed on exit unless given)
#   KCOST_STREAMLIT       command that runs streamlit (default: .venv/bin/streamlit, else streamlit)
#   KCOST_STREAMLIT_ARGS  extra `streamlit run` options for every replica
#   KCOST_NGINX           nginx binary (default: nginx on PATH, else /usr/sbin/nginx)
# The run directory holds nginx.conf, access.log (no query strings), error.log, replica-I.log,
# replica-I.pid, nginx.pid, and `ready` once every replica answers and nginx has started.
# A replica that dies is not restarted (nginx sends its users to the others; they reconnect and
# the URL restores their scenario); under a supervisor or compose, restart policies do that.
set -euo pipefail

usage() { echo "usage: $0 N [BASE_PORT]   (N replicas, 1-32; BASE_PORT 1024-65000)" >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage
n="$1"; base="${2:-8500}"
[[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] && [ "$n" -le 32 ] || usage
[[ "$base" =~ ^[0-9]+$ ]] && [ "$base" -ge 1024 ] && [ "$base" -le 65000 ] || usage

root="$(cd "$(dirname "$0")/.." && pwd)"
listen="${KCOST_LISTEN:-127.0.0.1:$base}"
if [ -n "${KCOST_RUN_DIR:-}" ]; then
  run_dir="$KCOST_RUN_DIR"; keep_run_dir=1; mkdir -p "$run_dir"
else
  run_dir="$(mktemp -d -t kcost-replicas.XXXXXX)"; keep_run_dir=0
fi
if [ -n "${KCOST_NGINX:-}" ]; then nginx_bin="$KCOST_NGINX"
elif command -v nginx >/dev/null 2>&1; then nginx_bin="$(command -v nginx)"
else nginx_bin=/usr/sbin/nginx
fi
[ -x "$nginx_bin" ] || { echo "nginx not found (apt-get install nginx, or set KCOST_NGINX=/path/to/nginx)" >&2; exit 1; }
if [ -n "${KCOST_STREAMLIT:-}" ]; then streamlit_cmd="$KCOST_STREAMLIT"
elif [ -x "$root/.venv/bin/streamlit" ]; then streamlit_cmd="$root/.venv/bin/streamlit"
else streamlit_cmd="streamlit"
fi
# The health check uses the replicas' own Python (curl is not in slim images).
read -r -a streamlit_words <<< "$streamlit_cmd"
if [ -x "$(dirname "${streamlit_words[0]}")/python" ]; then python_bin="$(dirname "${streamlit_words[0]}")/python"
else python_bin="${KCOST_PYTHON:-python3}"
fi

pids=()
nginx_pid=""
stop_all() {
  trap - EXIT INT TERM
  [ -n "$nginx_pid" ] && kill -TERM "$nginx_pid" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  # Give them 10 s to finish, then stop them hard.
  for _ in $(seq 50); do
    alive=0
    for pid in "$nginx_pid" "${pids[@]}"; do [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.2
  done
  for pid in "$nginx_pid" "${pids[@]}"; do [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null || true; done
  [ "$keep_run_dir" = 1 ] || rm -rf "$run_dir"
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

upstreams=()
cd "$root"
for i in $(seq "$n"); do
  port=$((base + i))
  # shellcheck disable=SC2086  # KCOST_STREAMLIT_ARGS is a list of options
  $streamlit_cmd run app.py --server.address 127.0.0.1 --server.port "$port" --server.headless true \
    ${KCOST_STREAMLIT_ARGS:-} > "$run_dir/replica-$i.log" 2>&1 &
  pids+=("$!")
  echo "$!" > "$run_dir/replica-$i.pid"
  upstreams+=("127.0.0.1:$port")
done

for i in $(seq "$n"); do
  url="http://127.0.0.1:$((base + i))/_stcore/health"
  "$python_bin" - "$url" <<'PY' || { echo "replica $i did not start; see $run_dir/replica-$i.log" >&2; exit 1; }
import sys, time, urllib.request
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    try:
        with urllib.request.urlopen(sys.argv[1], timeout=2) as r:
            if r.read() == b"ok":
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.2)
sys.exit(1)
PY
done

"$root/deploy/render-nginx-conf.sh" "$listen" "$run_dir" "${upstreams[@]}" > "$run_dir/nginx.conf"
"$nginx_bin" -q -t -p "$run_dir" -e "$run_dir/error.log" -c "$run_dir/nginx.conf"
"$nginx_bin" -p "$run_dir" -e "$run_dir/error.log" -c "$run_dir/nginx.conf" -g 'daemon off;' &
nginx_pid="$!"
touch "$run_dir/ready"
echo "kcost: $n replicas behind nginx at http://$listen/ (run directory $run_dir); Ctrl-C stops."

# Run until nginx ends or a signal arrives; the EXIT trap stops the replicas.
wait "$nginx_pid"
