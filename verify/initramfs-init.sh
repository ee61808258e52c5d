#!/bin/busybox sh
# /init of kmemguide's verification initramfs, built by verify/run.sh.
# Loads the probe, prints what /proc shows about it with a KMEMINIT prefix, powers off.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
# %pK in /proc/vmallocinfo prints real addresses only with kptr_restrict=1 (and CAP_SYSLOG).
echo 1 > /proc/sys/kernel/kptr_restrict
echo "KMEMINIT cmdline=$(cat /proc/cmdline)"
# Every vmalloc-area user before any module runs: what the first vmalloc() of a driver lands above.
sed 's/^/KMEMINIT bootvmallocinfo: /' /proc/vmallocinfo
# busybox insmod does not read module parameters from the kernel command line: pass
# kmemprobe.fail=N (run.sh's FAILURE=1 boots) on ourselves.
params=$(tr ' ' '\n' </proc/cmdline | sed -n 's/^kmemprobe\.\(fail=[0-9]*\)$/\1/p')
insmod /kmemprobe.ko $params || echo "KMEMINIT insmod=failed"
addr=$(dmesg | sed -n 's/.*KMEMPROBE vmalloc1000000=\(0x[0-9a-f]*\).*/\1/p' | tail -n 1)
echo "KMEMINIT vmalloc_addr=$addr"
grep -e "kmemprobe" -e "^$addr-" /proc/vmallocinfo | sed 's/^/KMEMINIT vmallocinfo: /'
grep -E '^(MemTotal|HighTotal|LowTotal|Vmalloc[A-Za-z]*):' /proc/meminfo | sed 's/^/KMEMINIT meminfo: /'
sed 's/^/KMEMINIT buddyinfo: /' /proc/buddyinfo
echo "KMEMINIT done=1"
poweroff -f
