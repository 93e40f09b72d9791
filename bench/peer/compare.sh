#!/usr/bin/env bash
# The shared side-by-side (../shared/peers/compare.sh), able to measure this project again since every
# endpoint but sign-up needs a bearer token (ADR 0031): the same peer, client (wrk -t2 -c64), broker,
# cases and durations, but the project's hosts trust a signing key made for the run, its user ids are
# listed with an operator's token, and POST /orders is sent signed in as each order's user (the peer
# checks nobody). The peer's side runs exactly as in the shared script.
# Usage, from the project's root:  bench/peer/compare.sh     (needs: apt-get install -y wrk jq openssl)
# Prints one line per case and the ratios to the peer; compare only figures from the same run.
set -euo pipefail
PROJ=$(pwd); HERE=$(cd "$(dirname "$0")" && pwd); SHARED=$(cd "$PROJ/../shared/peers" && pwd)
DUR=${DUR:-15}; WARM=${WARM:-8}; WORK=$(mktemp -d /tmp/peer-compare.XXXXXX)
for tool in wrk jq openssl; do command -v $tool >/dev/null || { echo "needs wrk, jq and openssl: apt-get install -y wrk jq openssl"; exit 2; }; done
cp -r "$SHARED/wolverine" "$WORK/peer-src"   # shared/ may be read-only: build a copy
dotnet build -c Release -o "$WORK/peer-bin" "$WORK/peer-src/WolverinePeer.csproj" -v q -nologo >/dev/null
dotnet build -c Release -v q -nologo "$PROJ/Ecommerce.Host" >/dev/null
HOSTDLL=$(ls "$PROJ"/Ecommerce.Host/bin/Release/net*/Ecommerce.Host.dll | head -n1); HOSTDIR=$(dirname "$HOSTDLL")
PIDS=()
stop_all() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
             for p in "${PIDS[@]:-}"; do [ -n "$p" ] && { for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done; kill -9 "$p" 2>/dev/null || true; }; { wait "$p"; } 2>/dev/null || true; done; PIDS=(); }
trap 'stop_all; rm -rf "$WORK"' EXIT
wait_http() { for _ in $(seq 600); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; echo "no answer from $1"; exit 1; }

# Tokens as an identity provider would issue them: HS256 with a key made for this run.
KEY_HEX=$(openssl rand -hex 32); KEY_B64=$(xxd -r -p <<<"$KEY_HEX" | openssl base64 -A)
ISSUER=peer-compare; AUDIENCE=ecommerce
AUTH=(Authentication__Schemes__Bearer__ValidIssuer=$ISSUER Authentication__Schemes__Bearer__ValidAudiences__0=$AUDIENCE
      Authentication__Schemes__Bearer__SigningKeys__0__Issuer=$ISSUER Authentication__Schemes__Bearer__SigningKeys__0__Value=$KEY_B64)
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
token() { # token <sub> [role]
  local now; now=$(date +%s)
  local claims="{\"sub\":\"$1\",\"iss\":\"$ISSUER\",\"aud\":\"$AUDIENCE\",\"iat\":$((now-60)),\"nbf\":$((now-60)),\"exp\":$((now+86400))${2:+,\"role\":\"$2\"}}"
  local unsigned; unsigned="$(printf '%s' '{"alg":"HS256","typ":"JWT"}' | b64url).$(printf '%s' "$claims" | b64url)"
  printf '%s.%s\n' "$unsigned" "$(printf '%s' "$unsigned" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$KEY_HEX" -binary | b64url)"; }
ADMIN=$(token operator admin)

broker() { # broker <topics> -> BS
  rm -f "$WORK/broker.txt"
  (cd "$HOSTDIR" && exec dotnet "$HOSTDLL" kafka-broker --topics "$1" --address-file "$WORK/broker.txt" > "$WORK/broker.log" 2>&1 < /dev/zero) & PIDS+=($!)
  for _ in $(seq 200); do [ -s "$WORK/broker.txt" ] && break; sleep 0.1; done; BS=$(cat "$WORK/broker.txt"); }
host() { # host <port> <env...>
  local port=$1; shift
  (cd "$HOSTDIR" && exec env ASPNETCORE_ENVIRONMENT=Development "${AUTH[@]}" "$@" dotnet "$HOSTDLL" --urls "http://127.0.0.1:$port" > "$WORK/host-$port.log" 2>&1) & PIDS+=($!)
  wait_http "http://127.0.0.1:$port/health/live"; }
rps() { awk '/Requests\/sec/{printf "%d", $2}'; }
lat() { grep -o 'non2xx=[0-9]* p50_ms=[0-9.]* p99_ms=[0-9.]*' || true; }
run_wrk() { # run_wrk <secs> <script> <url> -> wrk output
  timeout $(($1+30)) wrk -t2 -c64 -d"$1"s -s "$2" "$3"; }
load() { # load <name> <users-url> <orders-url> <ids-command> <orders-script>
  local name=$1 U=$2 O=$3 r ru ro
  RUN_ID="w$RANDOM" run_wrk "$WARM" "$SHARED/post_users.lua" "$U/users" > /dev/null
  r=$(RUN_ID="m$RANDOM" run_wrk "$DUR" "$SHARED/post_users.lua" "$U/users"); ru="$(rps <<<"$r") $(lat <<<"$r")"
  sleep 3; eval "$4" > "$WORK/ids.txt"
  USER_IDS_FILE="$WORK/ids.txt" run_wrk "$WARM" "$5" "$O/orders" > /dev/null
  r=$(USER_IDS_FILE="$WORK/ids.txt" run_wrk "$DUR" "$5" "$O/orders"); ro="$(rps <<<"$r") $(lat <<<"$r")"
  printf '%-6s POST /users %s | POST /orders %s | %s users for orders\n' "$name" "$ru" "$ro" "$(wc -l < "$WORK/ids.txt")"
  eval "R_${name}_users=${ru%% *}; R_${name}_orders=${ro%% *}"; }
# The project's first <count> users (100 unless given), each with a token of its own: "<quoted id> <token>" per line.
project_ids() { echo "curl -sf '$1/users?page=1&pageSize=${2:-100}' -H 'Authorization: Bearer $ADMIN' | jq -r '.items[].id' | while read -r id; do printf '\"%s\" %s\n' \"\$id\" \"\$(token \"\$id\")\"; done"; }

broker user-created,order-created
(cd "$WORK" && exec env ROLE=users DB_PATH="$WORK/pu.db" KAFKA_BOOTSTRAP="$BS" ASPNETCORE_URLS=http://127.0.0.1:5601 "$WORK/peer-bin/WolverinePeer" > "$WORK/peer-u.log" 2>&1) & PIDS+=($!)
(cd "$WORK" && exec env ROLE=orders DB_PATH="$WORK/po.db" KAFKA_BOOTSTRAP="$BS" ASPNETCORE_URLS=http://127.0.0.1:5602 "$WORK/peer-bin/WolverinePeer" > "$WORK/peer-o.log" 2>&1) & PIDS+=($!)
wait_http http://127.0.0.1:5601/health; wait_http http://127.0.0.1:5602/health
load peer http://127.0.0.1:5601 http://127.0.0.1:5602 "curl -s 'http://127.0.0.1:5602/diag/user-ids?limit=1000' | sed -E 's/^(.+)\$/\"\\1\"/'" "$SHARED/post_orders.lua"
stop_all

broker ecommerce.users,ecommerce.orders
mkdir -p "$WORK/su" "$WORK/so"
host 5611 Modules__Enabled=Users Database__DataDirectory="$WORK/su" Kafka__BootstrapServers="$BS" Kafka__Consumer__FetchWaitMaxMs=2 Kafka__Consumer__SessionTimeoutMs=10000
host 5612 Modules__Enabled=Orders Database__DataDirectory="$WORK/so" Kafka__BootstrapServers="$BS" Kafka__Consumer__FetchWaitMaxMs=2 Kafka__Consumer__SessionTimeoutMs=10000
load split http://127.0.0.1:5611 http://127.0.0.1:5612 "$(project_ids http://127.0.0.1:5611)" "$HERE/post_orders_signed_in.lua"
stop_all

mkdir -p "$WORK/m"; host 5621 Database__DataDirectory="$WORK/m"
load mono http://127.0.0.1:5621 http://127.0.0.1:5621 "$(project_ids http://127.0.0.1:5621)" "$HERE/post_orders_signed_in.lua"
stop_all

mkdir -p "$WORK/h"; host 5631 Database__DataDirectory="$WORK/h"
load hot http://127.0.0.1:5631 http://127.0.0.1:5631 "$(project_ids http://127.0.0.1:5631 1)" "$HERE/post_orders_signed_in.lua"
stop_all

awk -v pu="$R_peer_users" -v po="$R_peer_orders" -v mu="$R_mono_users" -v mo="$R_mono_orders" -v su="$R_split_users" -v so="$R_split_orders" -v ho="$R_hot_orders" 'BEGIN{
  printf "ratios to the peer: mono users %.2fx orders %.2fx | split users %.2fx orders %.2fx | hot orders / mono orders %.2f\n", mu/pu, mo/po, su/pu, so/po, ho/mo }'
