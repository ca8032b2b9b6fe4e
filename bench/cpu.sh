#!/usr/bin/env bash
# cpu.sh PID...  : prints the CPU seconds (user+system) used so far by the given processes, and by
# all PostgreSQL server processes ("postgres" comm), as "server=<s> pg=<s>" (used by run.sh to split
# CPU between the server under test, PostgreSQL and the load generator).
hz=$(getconf CLK_TCK)
ticks() { local t=0 p; for p in "$@"; do [[ -r /proc/$p/stat ]] && t=$(( t + $(awk '{print $14+$15+$16+$17}' "/proc/$p/stat") )); done; echo $t; }
tree() { local p=$1; echo "$p"; for c in $(pgrep -P "$p"); do tree "$c"; done; }
all=(); for p in "$@"; do all+=($(tree "$p")); done
s=$(ticks "${all[@]}")
g=$(ticks $(pgrep -x postgres))
awk -v s="$s" -v g="$g" -v hz="$hz" 'BEGIN { printf "server=%.2f pg=%.2f\n", s / hz, g / hz }'
