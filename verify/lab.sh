#!/bin/bash
# kmemguide's hands-on lab, in one command: boot a real Debian 12 kernel in QEMU, load the
# demo/probe module (verify/probe/kmemprobe.c: the seeds' get_free_page, kmalloc(100), kzalloc,
# vmalloc(1000000), plus the layout values), and print what the kernel reported beside what the
# simulator computes for the same machine (`kmemguide sim compare`).
#
#   sudo verify/lab.sh                  # amd64 kernel, 512M of RAM
#   sudo verify/lab.sh 686-pae 4G       # flavour: amd64, 686 or 686-pae; RAM: e.g. 256M, 2G
#   sudo LANG=ja_JP.UTF-8 verify/lab.sh # the output in Japanese (zh_CN.UTF-8: Chinese)
#
# Needs: root (apt-get, dpkg-deb, mknod) on Debian 12 with a Debian mirror reachable; it installs
# qemu-system-x86, busybox-static, gcc, make, kmod and libelf-dev when missing. The kernel packages
# (about 85 MB for amd64) are downloaded once into verify/work/ (gitignored), which grows to about
# 600 MB per flavour when unpacked; later runs reuse it. The 686 flavours add the i386 dpkg
# architecture for the download only and remove it again.
# Time: about a minute on a 2-CPU machine without KVM (QEMU TCG): the boot itself is ~20 s at 512M;
# the first run adds the download, and the first `swift build` of kmemguide if none is built.
#
# The capture goes to a new temporary folder (printed at the end): the committed
# verify/captures/ are left as they are. Exit status: that of `kmemguide sim compare` (0 when
# every value matches, 1 when any differs), 64 for bad arguments, 69 when kmemguide cannot be
# built, 70 when the boot fails, 77 when not run as root.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$HERE")

# The reader's language, as kmemguide chooses it: LC_ALL, LC_MESSAGES, LANG.
lang=en
for v in "${LC_ALL-}" "${LC_MESSAGES-}" "${LANG-}"; do
    [ -n "$v" ] || continue
    case $v in zh*) lang=zh;; ja*) lang=ja;; esac
    break
done
say() {  # say EN ZH JA
    case $lang in zh) printf '%s\n' "$2";; ja) printf '%s\n' "$3";; *) printf '%s\n' "$1";; esac
}
usage() {
    say "usage: sudo verify/lab.sh [amd64|686|686-pae] [RAM, e.g. 512M or 2G]" \
        "用法：sudo verify/lab.sh [amd64|686|686-pae] [内存大小，例如 512M 或 2G]" \
        "使い方：sudo verify/lab.sh [amd64|686|686-pae] [RAM（例：512M、2G）]"
}

FLAVOUR=${1:-amd64}
RAM=${2:-512M}
case $FLAVOUR in
    amd64|686|686-pae) ;;
    -h|--help) usage; exit 0;;
    *) usage >&2; exit 64;;
esac
[[ $RAM =~ ^[1-9][0-9]*[MG]$ ]] || { usage >&2; exit 64; }
[ $# -le 2 ] || { usage >&2; exit 64; }
if [ "$(id -u)" != 0 ]; then
    say "lab.sh: run as root (sudo verify/lab.sh): it installs packages and builds an initramfs" \
        "lab.sh：请以 root 身份运行（sudo verify/lab.sh）：需要安装软件包并制作 initramfs" \
        "lab.sh：root で実行してください（sudo verify/lab.sh）。パッケージのインストールと initramfs の作成を行います" >&2
    exit 77
fi

# kmemguide: this checkout's debug build, else one on PATH, else build it now (as the user who
# ran sudo, so .build/ does not end up owned by root).
if [ -x "$REPO/.build/debug/kmemguide" ]; then
    KMEMGUIDE=$REPO/.build/debug/kmemguide
elif command -v kmemguide >/dev/null 2>&1; then
    KMEMGUIDE=$(command -v kmemguide)
else
    command -v swift >/dev/null 2>&1 || {
        say "lab.sh: kmemguide is not built and swift is not on root's PATH: run \`swift build\` as yourself first" \
            "lab.sh：kmemguide 尚未构建，root 的 PATH 中也没有 swift：请先以普通用户身份运行 \`swift build\`" \
            "lab.sh：kmemguide がビルドされておらず、root の PATH に swift もありません。先に一般ユーザーで \`swift build\` を実行してください" >&2
        exit 69
    }
    say "== swift build (kmemguide is not built yet; a few minutes the first time)" \
        "== swift build（kmemguide 尚未构建；首次需要几分钟）" \
        "== swift build（kmemguide がまだビルドされていません。初回は数分かかります）" >&2
    if [ -n "${SUDO_USER-}" ] && [ "$SUDO_USER" != root ]; then
        (cd "$REPO" && sudo -u "$SUDO_USER" env PATH="$PATH" swift build --product kmemguide)
    else
        (cd "$REPO" && swift build --product kmemguide)
    fi
    KMEMGUIDE=$REPO/.build/debug/kmemguide
fi

OUT=$(mktemp -d "${TMPDIR:-/tmp}/kmemguide-lab.XXXXXX")
chmod 755 "$OUT"   # readable by the user who ran sudo
say "== boot Debian 12's $FLAVOUR kernel in QEMU with $RAM of RAM and load kmemprobe.ko" \
    "== 在 QEMU 中以 $RAM 内存启动 Debian 12 的 $FLAVOUR 内核，并加载 kmemprobe.ko" \
    "== Debian 12 の $FLAVOUR カーネルを QEMU（RAM $RAM）で起動し、kmemprobe.ko をロードします" >&2

# Just this boot: no ARM kernels, no 5-level-paging boot, captures into $OUT.
ramvar=RAM_${FLAVOUR//-/_}
# A failed boot is 70, not 1: 1 means "a value differs".
env OUT="$OUT" FLAVOURS="$FLAVOUR" "$ramvar=$RAM" ARM_FLAVOURS= LA57_RAM= "$HERE/run.sh" || {
    say "lab.sh: verify/run.sh failed (see the messages above)" \
        "lab.sh：verify/run.sh 运行失败（见上面的信息）" \
        "lab.sh：verify/run.sh が失敗しました（上のメッセージを参照してください）" >&2
    exit 70
}

capture=$(ls "$OUT"/*.json 2>/dev/null | head -n1 || true)
[ -n "$capture" ] || { echo "lab.sh: verify/run.sh wrote no capture into $OUT" >&2; exit 70; }
serial=$HERE/work/serial-$(basename "$capture" .json).log

echo
say "What the demo module printed (addresses change from boot to boot, so they are not compared):" \
    "演示模块打印的内容（地址每次启动都会变化，因此不参与对照）：" \
    "デモモジュールの出力（アドレスは起動のたびに変わるため、比較の対象外です）："
grep -aoE 'KMEMPROBE (get_free_page|kmalloc100|kzalloc100|vmalloc1000000)(\.(region|ksize|pages))?=.*' "$serial" \
    | tr -d '\r' | sed 's/^/  /' || true
echo

status=0
(cd "$REPO" && "$KMEMGUIDE" sim compare "$capture") || status=$?

echo
say "Capture file: $capture" \
    "采集结果：$capture" \
    "キャプチャファイル：$capture"
say "Serial log of the boot: $serial" \
    "本次启动的串口日志：$serial" \
    "今回の起動のシリアルログ：$serial"
say "(The committed captures in verify/captures/ are unchanged.)" \
    "（仓库中 verify/captures/ 里已提交的采集结果保持不变。）" \
    "（リポジトリの verify/captures/ にあるキャプチャは変更していません。）"
exit $status
