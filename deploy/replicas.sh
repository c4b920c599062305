#!/usr/bin/env bash
# Run N replicas of the dashboard on loopback with nginx in front of them on PORT, in the
# foreground until stopped (Ctrl-C or SIGTERM stops nginx and every replica).
#
#   deploy/replicas.sh N PORT        e.g. deploy/replicas.sh 2 8080 → http://127.0.0.1:8080
#
# Replica i listens on 127.0.0.1:(PORT + i). Needs Debian's nginx package (apt-get install
# nginx); nginx runs from a temporary folder with its own configuration, never the system one.
# Sessions are sticky: see deploy/sticky.conf. PYTHON (default: the repository's .venv) runs
# Streamlit.
set -euo pipefail

if [ $# -ne 2 ] || ! [[ $1 =~ ^[1-9][0-9]*$ ]] || ! [[ $2 =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: $0 N PORT   (N replicas behind nginx on 127.0.0.1:PORT)" >&2
    exit 2
fi
n=$1
port=$2
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
python="${PYTHON:-$root/.venv/bin/python}"
nginx_bin="${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}"
if ! [ -x "$nginx_bin" ]; then
    echo "nginx not found: install Debian's package (apt-get install nginx) or set NGINX" >&2
    exit 3
fi

work="$(mktemp -d)"
pids=()
stop() {
    trap - INT TERM EXIT
    [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap stop INT TERM EXIT

servers=""
for ((i = 1; i <= n; i++)); do
    p=$((port + i))
    (cd "$root" && exec "$python" -m streamlit run app.py \
        --server.address 127.0.0.1 --server.port "$p" --server.headless true \
        --browser.gatherUsageStats false) >"$work/replica-$i.log" 2>&1 &
    pids+=($!)
    servers+="        server 127.0.0.1:$p max_fails=0;"$'\n'
done

# Wait for every replica's health check before nginx sends them traffic.
for ((i = 1; i <= n; i++)); do
    p=$((port + i))
    for _ in $(seq 1 360); do
        if "$python" -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$p/_stcore/health', timeout=2)" 2>/dev/null; then
            break
        fi
        if ! kill -0 "${pids[$((i - 1))]}" 2>/dev/null; then
            echo "replica $i exited:" >&2
            cat "$work/replica-$i.log" >&2
            exit 1
        fi
        sleep 0.25
    done
done

mkdir -p "$work/tmp"
user_line=""
if [ "$(id -u)" = 0 ]; then
    user_line="user $(id -un) $(id -gn);"
fi
cat >"$work/nginx.conf" <<CONF
$user_line
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $work/tmp/body;
    proxy_temp_path $work/tmp/proxy;
    fastcgi_temp_path $work/tmp/fastcgi;
    uwsgi_temp_path $work/tmp/uwsgi;
    scgi_temp_path $work/tmp/scgi;
    include $here/sticky.conf;
    upstream streamlit {
        hash \$ally_route consistent;
$servers    }
    server {
        listen 127.0.0.1:$port;
        include $here/location.conf;
    }
}
CONF
"$nginx_bin" -t -q -p "$work" -c "$work/nginx.conf"
"$nginx_bin" -p "$work" -c "$work/nginx.conf" -g "daemon off;" &
pids+=($!)
echo "serving $n replica(s) on http://127.0.0.1:$port (replica pids: ${pids[*]:0:$n})"
# Foreground until stopped, or until nginx or a replica exits.
wait -n "${pids[@]}"
