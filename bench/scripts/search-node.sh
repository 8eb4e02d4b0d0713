# Sourced by search-10m.sh and search-sitting.sh: one fresh node measured through a list of runs.
#
#   measure_node LABEL DLL "scenario concurrency;…" FIRST_WARMUP
#
# Uses the caller's work, port, load, token and samples, and the node's settings from the environment (the caller sets
# Rapport__Database__*). Each run: uptime before and after, 20 s measured after the warm-up (the first run's warm-up
# covers the tiered JIT, later ones 5 s); a request the run started is waited for and counted.
measure_node() {
  local label=$1 dll=$2 runs=$3 warmup=$4 pid line scenario concurrency lines
  (cd "$work" && exec dotnet "$dll" --urls "http://127.0.0.1:$port" >"$work/$label.log" 2>&1) &
  pid=$!
  for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.5; done
  IFS=';' read -ra lines <<<"$runs"
  for line in "${lines[@]}"; do
    read -r scenario concurrency <<<"$line"
    echo "== $label ($dll${extra:-}) | $scenario c=$concurrency | $(uptime)"
    dotnet "$load" run --url "http://127.0.0.1:$port" --token "$token" --samples "$samples" --scenario "$scenario" \
      --concurrency "$concurrency" --duration 20s --warmup "$warmup" --server-pid "$pid" || true
    echo "   after: $(uptime)"
    warmup=5s
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
