#!/usr/bin/env bash
# Simulator throughput (release build): allocations per second through `kmemguide sim run`
# (kmalloc/kfree, __get_free_pages/free_pages, vmalloc/vfree with invariant checks at the end),
# and the time to vmalloc 1 GiB on an x86-64 machine. Usage: benchmarks/sim-bench.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20000}
WORK=benchmarks/.work/sim
mkdir -p "$WORK"
bash scripts/setup.sh >/dev/null
swift build -c release --product kmemguide >/dev/null
K=$PWD/.build/release/kmemguide

python3 - "$N" "$WORK" <<'PY'
import sys
n, work = int(sys.argv[1]), sys.argv[2]
def write(name, machine, steps):
    with open(f"{work}/{name}.yaml", "w") as f:
        f.write(f"machine: {machine}\nshow: []\nsteps:\n" + "".join(f"  - {s}\n" for s in steps))
sizes = [8, 24, 100, 200, 512, 1000, 3000, 5000, 9000, 20000]
steps = []
for i in range(n):
    steps.append(f"kmalloc: {{size: {sizes[i % len(sizes)]}, as: k{i}}}")
    if i % 2: steps.append(f"kfree: k{i - 1}")
write("kmalloc", '{arch: x86_32, kernel: "6.1", ram: 1G}', steps)
steps = []
for i in range(n):
    steps.append(f"get_free_pages: {{order: {i % 4}, as: p{i}}}")
    if i % 2: steps.append(f"free_pages: {{ptr: p{i - 1}, order: {(i - 1) % 4}}}")
write("pages", '{arch: x86_32, kernel: "6.1", ram: 1G}', steps)
steps = []
for i in range(max(1, n // 10)):
    steps.append(f"vmalloc: {{size: {(i % 16 + 1) * 4096}, as: v{i}}}")
    if i % 2: steps.append(f"vfree: v{i - 1}")
write("vmalloc", '{arch: x86_32, kernel: "6.1", ram: 1G}', steps)
write("boot", '{arch: x86_64, kernel: "6.1", ram: 8G}', [])
write("vmalloc-1g", '{arch: x86_64, kernel: "6.1", ram: 8G}', ["vmalloc: {size: 1G, as: big}"])
PY

secs() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }
echo "machine: $(nproc) cores, $(uname -m); $(swift --version 2>&1 | head -1)"
for s in kmalloc pages vmalloc; do
  ops=$(grep -c '^  - ' "$WORK/$s.yaml")
  t=$(secs "$K" sim run "$WORK/$s.yaml")
  awk -v s="$s" -v o="$ops" -v t="$t" 'BEGIN { printf "%-8s %7d operations in %6.3f s (boot included): %9.0f operations/s\n", s, o, t, o / t }'
done
tb=$(secs "$K" sim run "$WORK/boot.yaml"); tv=$(secs "$K" sim run "$WORK/vmalloc-1g.yaml")
awk -v b="$tb" -v v="$tv" 'BEGIN { printf "x86-64 8 GiB: boot %.3f s; boot + vmalloc(1 GiB) %.3f s: vmalloc(1 GiB) itself %.3f s\n", b, v, v - b }'
