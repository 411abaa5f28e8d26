#!/usr/bin/env bash
# Dashboard benchmark: gunicorn (DEBUG off, 2 workers) serves an organisation of 5,000 people;
# wrk asks for the plan dashboard and for /health/ (the floor: a minimal view touching the
# database) and prints the 50th, 95th and 99th percentile latencies.
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/thidua_dash bench/dashboard.sh
#   DATABASE_URL=sqlite:////tmp/thidua-dash.sqlite3 bench/dashboard.sh
# Needs Debian's wrk (apt-get install wrk). Adds rows to the database it is given.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL to a database of its own}"
PORT=${PORT:-8790}
DURATION=${DURATION:-20s}
info=$(.venv/bin/python bench/dashboard_data.py --people "${PEOPLE:-5000}")
plan=$(echo "$info" | .venv/bin/python -c "import json,sys; print(json.load(sys.stdin)['plan'])")
cookie=$(echo "$info" | .venv/bin/python -c "import json,sys; print(json.load(sys.stdin)['cookie'])")
echo "organisation: $info" | sed 's/sessionid=[^"]*/sessionid=…/'
DEBUG=0 SECURE_COOKIES=0 ALLOWED_HOSTS=127.0.0.1 .venv/bin/gunicorn thidua.wsgi \
  --bind 127.0.0.1:$PORT --workers 2 --log-level warning &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/health/" >/dev/null && break; sleep 0.2; done
lua=$(mktemp --suffix=.lua)
cat > "$lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("requests %d, errors %d, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
LUA
for path in /health/ "/plans/$plan/dashboard/"; do
  echo "== $path"
  curl -s -o /dev/null -w "status %{http_code}\n" -H "Cookie: $cookie" "http://127.0.0.1:$PORT$path"
  # One request at a time: server time, not queueing behind other requests, is what the bar
  # counts (a second connection on these 2 cores measures the neighbour's load as much).
  wrk -t1 -c1 -d"$DURATION" -s "$lua" -H "Cookie: $cookie" "http://127.0.0.1:$PORT$path" | tail -1
done
