#!/bin/bash
# kmemguide verification lab: boot real Debian 12 kernels in QEMU, load our probe module,
# and record what the kernel reports as JSON captures in verify/captures/.
#
#   sudo verify/run.sh            # everything: 9 boots, about 2 min on a 2-CPU box without KVM
#   FLAVOURS="amd64" verify/run.sh
#   RAM_amd64="512M 2G" verify/run.sh
#   FLAVOURS="" verify/run.sh     # only the ARM boots (ARM_FLAVOURS, below)
#   FAILURE=1 FLAVOURS=amd64 RAM_amd64=512M verify/run.sh
#                                 # instead of the captures: boot with kmemprobe.fail=1 and
#                                 # keep the real "page allocation failure" report as
#                                 # captures/debian12-<release>-<ram>-failure.txt
#
# Needs root on Debian 12 (apt-get, dpkg, mknod). Not part of `swift test`; the captures it
# writes are committed and checked by Tests/KernelSimTests/CapturesTests.swift.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$HERE/work            # gitignored: packages, unpacked trees, builds, serial logs
OUT=${OUT:-$HERE/captures}     # OUT=/tmp/x writes the captures there instead (verify/lab.sh)
FLAVOURS=${FLAVOURS-"amd64 686 686-pae"}
RAM_amd64=${RAM_amd64:-"512M 2G 4G"}
RAM_686=${RAM_686:-"256M 768M 2G"}
RAM_686_pae=${RAM_686_pae:-"768M 2G 4G"}
# ARM: Debian's armhf kernels on QEMU's `virt` board. A RAM entry may carry boot parameters
# after a colon: 1G:vmalloc=200M is seed 004's machine.
ARM_FLAVOURS=${ARM_FLAVOURS-"armmp armmp-lpae"}
RAM_armmp=${RAM_armmp:-"256M 1G 1G:vmalloc=200M 2G"}
RAM_armmp_lpae=${RAM_armmp_lpae:-"1G 2G"}
ACCEL=${ACCEL:-tcg}        # the lab machines have no KVM; ACCEL=kvm works where it exists
BOOT_TIMEOUT=${BOOT_TIMEOUT:-300}

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (apt-get, dpkg-deb, mknod)"
mkdir -p "$WORK/debs" "$OUT"

# --- 1. host tools ----------------------------------------------------------------------
need=()
for p in qemu-system-x86 busybox-static cpio gcc make kmod libelf-dev python3; do
    dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
    log "apt-get install ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# --- 2. kernel packages -----------------------------------------------------------------
# flavour -> dpkg architecture and simulator arch
deb_arch() { case $1 in amd64) echo amd64;; *) echo i386;; esac; }
sim_arch() { case $1 in amd64) echo x86_64;; 686) echo x86_32;; 686-pae) echo x86_32-pae;; esac; }

added_i386=0
cleanup_i386() {
    if [ "$added_i386" = 1 ]; then
        log "dpkg --remove-architecture i386"
        dpkg --remove-architecture i386 || true
        apt-get update -qq || true
        added_i386=0
    fi
}
trap cleanup_i386 EXIT

if [[ " $FLAVOURS " == *" 686"* ]] && ! dpkg --print-foreign-architectures | grep -qx i386; then
    log "dpkg --add-architecture i386 (only to download i386 kernel packages)"
    dpkg --add-architecture i386
    added_i386=1
fi
apt-get update -qq || log "apt-get update reported errors (mirror sync?); continuing with the lists it got"

declare -A ABI VER
for fl in $FLAVOURS; do
    da=$(deb_arch "$fl")
    # linux-image-<flavour> depends on linux-image-<abi>-<flavour>
    img=$(apt-cache depends "linux-image-$fl:$da" | sed -n 's/^ *Depends: \(linux-image-[0-9][^:]*\).*/\1/p' | head -n1)
    [ -n "$img" ] || die "cannot resolve linux-image-$fl:$da"
    abi=${img#linux-image-}; abi=${abi%-"$fl"}            # e.g. 6.1.0-56
    ver=$(apt-cache policy "$img:$da" | sed -n 's/^ *Candidate: //p')
    ABI[$fl]=$abi; VER[$fl]=$ver
    log "$fl: $img $ver"
    (cd "$WORK/debs" && apt-get download -q \
        "linux-image-$abi-$fl:$da=$ver" "linux-headers-$abi-$fl:$da=$ver" \
        "linux-headers-$abi-common=$ver" "linux-kbuild-${abi%%.0-*}:amd64=$ver" 2>&1 \
        | grep -v "unsandboxed" >&2 || true)
done
# The initramfs needs a busybox the guest can run: the i386 one for the 32-bit kernels.
if [[ " $FLAVOURS " == *" 686"* ]]; then
    (cd "$WORK/debs" && apt-get download -q busybox-static:i386 2>&1 | grep -v "unsandboxed" >&2 || true)
fi
cleanup_i386

# --- 3. unpack, build the probe, build the initramfs ------------------------------------
for fl in $FLAVOURS; do
    abi=${ABI[$fl]}; ver=${VER[$fl]}; da=$(deb_arch "$fl")
    root=$WORK/root-$fl
    rel=$abi-$fl
    if [ ! -e "$root/boot/vmlinuz-$rel" ]; then
        log "unpack $rel"
        rm -rf "$root"; mkdir -p "$root"
        for d in "linux-image-${rel}_${ver}_$da" "linux-headers-${rel}_${ver}_$da" \
                 "linux-headers-$abi-common_${ver}_all" "linux-kbuild-${abi%%.0-*}_${ver}_amd64"; do
            f=$(ls "$WORK/debs/"${d//:/%3a}.deb 2>/dev/null | head -n1)
            [ -n "$f" ] || die "missing package $d.deb in $WORK/debs"
            dpkg-deb -x "$f" "$root"
        done
        # The flavour's Makefile includes the common tree by absolute path: point it here.
        sed -i "s#^include /usr/src/#include $root/usr/src/#" "$root/usr/src/linux-headers-$rel/Makefile"
    fi
    log "build kmemprobe.ko for $rel"
    b=$WORK/build-$fl
    rm -rf "$b"; mkdir -p "$b"
    cp "$HERE/probe/kmemprobe.c" "$HERE/probe/Makefile" "$b/"
    make -s -C "$root/usr/src/linux-headers-$rel" M="$b" modules >"$b/build.log" 2>&1 \
        || { cat "$b/build.log" >&2; die "module build failed for $rel"; }
    ir=$WORK/initrd-$fl
    rm -rf "$ir"; mkdir -p "$ir"/{bin,proc,sys,dev}
    if [ "$da" = amd64 ]; then
        cp /bin/busybox "$ir/bin/busybox"
    else
        bb=$(ls "$WORK/debs"/busybox-static_*_i386.deb | head -n1)
        rm -rf "$WORK/bb-i386"; dpkg-deb -x "$bb" "$WORK/bb-i386"
        cp "$WORK/bb-i386/bin/busybox" "$ir/bin/busybox"
    fi
    cp "$HERE/initramfs-init.sh" "$ir/init"
    cp "$b/kmemprobe.ko" "$ir/"
    mknod -m 600 "$ir/dev/console" c 5 1
    (cd "$ir" && find . | cpio -o -H newc --quiet | gzip -1 >"$WORK/initrd-$fl.cpio.gz")
done

# --- 4. boot each kernel at each RAM size, parse the serial log --------------------------
qver=$(qemu-system-x86_64 --version | head -n1 | sed 's/^QEMU emulator version //')
bytes() { numfmt --from=iec "$1"; }

# FAILURE=1: the probe provokes one allocation failure (fail=1); keep warn_alloc()'s report.
# Only these boots run: no JSON captures, no ARM, no LA57.
if [ "${FAILURE:-0}" = 1 ]; then
    cmd="FAILURE=1 FLAVOURS=\"$FLAVOURS\""
    for fl in $FLAVOURS; do v=RAM_${fl//-/_}; cmd+=" $v=\"${!v}\""; done
    cmd+=" verify/run.sh"
    for fl in $FLAVOURS; do
        rel=${ABI[$fl]}-$fl
        var=RAM_${fl//-/_}
        for ram in ${!var}; do
            name="debian12-$rel-$ram-failure"
            serial=$WORK/serial-$name.log
            log "boot $rel with -m $ram and kmemprobe.fail=1"
            timeout "$BOOT_TIMEOUT" qemu-system-x86_64 -accel "$ACCEL" -m "$ram" \
                -kernel "$WORK/root-$fl/boot/vmlinuz-$rel" -initrd "$WORK/initrd-$fl.cpio.gz" \
                -append "console=ttyS0 nokaslr panic=-1 kmemprobe.fail=1" -nographic -no-reboot \
                </dev/null >"$serial" 2>&1 || die "qemu failed or timed out for $name (see $serial)"
            python3 "$HERE/failure.py" "$serial" --command "$cmd" --kernel-release "$rel" \
                --package-version "${VER[$fl]}" --qemu-version "$qver" --qemu-ram "$ram" \
                --out "$OUT/$name.txt"
            log "  wrote ${OUT#"$HERE/"}/$name.txt"
        done
    done
    log "done"
    exit 0
fi
for fl in $FLAVOURS; do
    rel=${ABI[$fl]}-$fl
    var=RAM_${fl//-/_}
    for ram in ${!var}; do
        name="debian12-$rel-$ram"
        serial=$WORK/serial-$name.log
        log "boot $rel with -m $ram"
        start=$(date +%s)
        timeout "$BOOT_TIMEOUT" qemu-system-x86_64 -accel "$ACCEL" -m "$ram" \
            -kernel "$WORK/root-$fl/boot/vmlinuz-$rel" -initrd "$WORK/initrd-$fl.cpio.gz" \
            -append "console=ttyS0 nokaslr panic=-1" -nographic -no-reboot \
            </dev/null >"$serial" 2>&1 || die "qemu failed or timed out for $name (see $serial)"
        log "  $(( $(date +%s) - start )) s"
        python3 "$HERE/parse.py" "$serial" --flavour "$fl" --arch "$(sim_arch "$fl")" --kernel 6.1 \
            --kernel-release "$rel" --package-version "${VER[$fl]}" --qemu-version "$qver" \
            --qemu-ram "$(bytes "$ram")" --out "$OUT/$name.json"
        log "  wrote ${OUT#"$HERE/"}/$name.json"
    done
done

# --- 5. ARM (armhf) kernels on QEMU virt -------------------------------------------------
if [ -n "$ARM_FLAVOURS" ]; then
    need=()
    for p in qemu-system-arm gcc-arm-linux-gnueabihf; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
    if [ ${#need[@]} -gt 0 ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    fi
    added_armhf=0
    if ! dpkg --print-foreign-architectures | grep -qx armhf; then
        log "dpkg --add-architecture armhf (only to download armhf kernel packages)"
        dpkg --add-architecture armhf; added_armhf=1
        apt-get update -qq || true
    fi
    declare -A AABI AVER
    for fl in $ARM_FLAVOURS; do
        img=$(apt-cache depends "linux-image-$fl:armhf" | sed -n 's/^ *Depends: \(linux-image-[0-9][^:]*\).*/\1/p' | head -n1)
        [ -n "$img" ] || die "cannot resolve linux-image-$fl:armhf"
        abi=${img#linux-image-}; abi=${abi%-"$fl"}
        ver=$(apt-cache policy "$img:armhf" | sed -n 's/^ *Candidate: //p')
        AABI[$fl]=$abi; AVER[$fl]=$ver
        log "$fl: $img $ver"
        (cd "$WORK/debs" && apt-get download -q "linux-image-$abi-$fl:armhf=$ver" "linux-headers-$abi-$fl:armhf=$ver" \
            "linux-headers-$abi-common=$ver" "linux-kbuild-${abi%%.0-*}:amd64=$ver" 2>&1 | grep -v unsandboxed >&2 || true)
    done
    (cd "$WORK/debs" && apt-get download -q busybox-static:armhf 2>&1 | grep -v unsandboxed >&2 || true)
    if [ "$added_armhf" = 1 ]; then dpkg --remove-architecture armhf || true; apt-get update -qq || true; fi
    aqver=$(qemu-system-arm --version | head -n1 | sed 's/^QEMU emulator version //')
    for fl in $ARM_FLAVOURS; do
        abi=${AABI[$fl]}; ver=${AVER[$fl]}; rel=$abi-$fl; root=$WORK/root-$fl
        if [ ! -e "$root/boot/vmlinuz-$rel" ]; then
            rm -rf "$root"; mkdir -p "$root"
            for d in "linux-image-${rel}_${ver}_armhf" "linux-headers-${rel}_${ver}_armhf" \
                     "linux-headers-$abi-common_${ver}_all" "linux-kbuild-${abi%%.0-*}_${ver}_amd64"; do
                f=$(ls "$WORK/debs/"${d//:/%3a}.deb 2>/dev/null | head -n1)
                [ -n "$f" ] || die "missing package $d.deb in $WORK/debs"
                dpkg-deb -x "$f" "$root"
            done
            sed -i "s#^include /usr/src/#include $root/usr/src/#" "$root/usr/src/linux-headers-$rel/Makefile"
        fi
        log "build kmemprobe.ko for $rel (cross)"
        b=$WORK/build-$fl; rm -rf "$b"; mkdir -p "$b"
        cp "$HERE/probe/kmemprobe.c" "$HERE/probe/Makefile" "$b/"
        make -s -C "$root/usr/src/linux-headers-$rel" M="$b" ARCH=arm CROSS_COMPILE=arm-linux-gnueabihf- modules >"$b/build.log" 2>&1 \
            || { cat "$b/build.log" >&2; die "module build failed for $rel"; }
        ir=$WORK/initrd-$fl; rm -rf "$ir"; mkdir -p "$ir"/{bin,proc,sys,dev}
        bb=$(ls "$WORK/debs"/busybox-static_*_armhf.deb | head -n1)
        rm -rf "$WORK/bb-armhf"; dpkg-deb -x "$bb" "$WORK/bb-armhf"
        cp "$WORK/bb-armhf/bin/busybox" "$ir/bin/busybox"
        cp "$HERE/initramfs-init.sh" "$ir/init"; cp "$b/kmemprobe.ko" "$ir/"
        mknod -m 600 "$ir/dev/console" c 5 1
        (cd "$ir" && find . | cpio -o -H newc --quiet | gzip -1 >"$WORK/initrd-$fl.cpio.gz")
        var=RAM_${fl//-/_}
        for entry in ${!var}; do
            ram=${entry%%:*}; extra=""; [ "$entry" != "$ram" ] && extra=${entry#*:}
            name="debian12-$rel-$ram${extra:+-${extra//=/}}"
            serial=$WORK/serial-$name.log
            log "boot $rel with -m $ram $extra"
            timeout "$BOOT_TIMEOUT" qemu-system-arm -M virt -cpu cortex-a15 -m "$ram" \
                -kernel "$root/boot/vmlinuz-$rel" -initrd "$WORK/initrd-$fl.cpio.gz" \
                -append "console=ttyAMA0 panic=-1 $extra" -nographic -no-reboot \
                </dev/null >"$serial" 2>&1 || die "qemu failed or timed out for $name (see $serial)"
            python3 "$HERE/parse.py" "$serial" --flavour "$fl" --arch arm32 --kernel 6.1 \
                --kernel-release "$rel" --package-version "$ver" --qemu-version "$aqver" \
                --qemu-ram "$(bytes "$ram")" --out "$OUT/$name.json"
            log "  wrote ${OUT#"$HERE/"}/$name.json"
        done
    done
fi

# --- 6. x86-64 with 5-level paging: QEMU's `max` CPU has LA57, Debian's amd64 kernel X86_5LEVEL.
if [[ " $FLAVOURS " == *" amd64 "* ]] || [ -n "${LA57_RAM-}" ]; then
    for ram in ${LA57_RAM-2G}; do
        rel=${ABI[amd64]:-$(ls "$WORK/root-amd64/boot" | sed -n 's/^vmlinuz-\(.*-amd64\)$/\1/p' | head -n1)}
        rel=${rel%-amd64}-amd64
        name="debian12-$rel-la57-$ram"; serial=$WORK/serial-$name.log
        log "boot $rel with -cpu max (LA57) -m $ram"
        timeout "$BOOT_TIMEOUT" qemu-system-x86_64 -accel "$ACCEL" -cpu max -m "$ram" \
            -kernel "$WORK/root-amd64/boot/vmlinuz-$rel" -initrd "$WORK/initrd-amd64.cpio.gz" \
            -append "console=ttyS0 nokaslr panic=-1" -nographic -no-reboot </dev/null >"$serial" 2>&1 \
            || die "qemu failed or timed out for $name (see $serial)"
        python3 "$HERE/parse.py" "$serial" --flavour amd64 --arch x86_64 --kernel 6.1 --kernel-release "$rel" \
            --package-version "${VER[amd64]:-unknown}" --qemu-version "$(qemu-system-x86_64 --version | head -n1 | sed 's/^QEMU emulator version //')" \
            --qemu-ram "$(bytes "$ram")" --qemu-cpu max --out "$OUT/$name.json"
    done
fi
log "done"
