#!/usr/bin/env bash
# check_install.sh install|deb BUILD_DIR SOURCE_DIR
#   install: `cmake --install` into a temporary prefix has bin/byok, the demo provider where byok looks for it
#            (and byok answers from it), the Neovim plugin and the docs.
#   deb:     `cpack -G DEB` makes a .deb whose contents list usr/bin/byok and the demo provider.
#   notests: a tree configured with -DBYOK_BUILD_TESTS=OFF still builds and installs the demo provider.
set -euo pipefail
mode=$1 build=$(cd "$2" && pwd) src=$(cd "$3" && pwd)
tmp=$(mktemp -d /tmp/byok-packaging-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

case $mode in
install)
  prefix=$tmp/prefix
  cmake --install "$build" --prefix "$prefix" >/dev/null
  for f in bin/byok libexec/byok/byok-emulator; do [[ -x $prefix/$f ]] || fail "$f missing or not executable"; done
  for f in plugin/byok.lua lua/byok/init.lua doc/byok.txt; do
    [[ -f $prefix/share/byok/neovim/$f ]] || fail "Neovim plugin file share/byok/neovim/$f missing"
  done
  [[ -f $prefix/share/doc/byok/README.md ]] || fail "share/doc/byok/README.md missing"
  for d in "$src"/docs/*.md; do
    [[ -f $prefix/share/doc/byok/docs/$(basename "$d") ]] || fail "share/doc/byok/docs/$(basename "$d") missing"
  done
  # The installed byok finds the installed demo provider (no BYOK_EMULATOR, no key, a fresh HOME).
  home=$tmp/home
  mkdir -p "$home"
  out=$(env -i PATH=/usr/bin:/bin HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" \
        "$prefix/bin/byok" ask "What does byok do?" 2>"$tmp/err") || fail "installed byok ask failed: $(cat "$tmp/err")"
  [[ -n $out ]] || fail "installed byok printed no answer"
  grep -q "offline demo provider" "$tmp/err" || fail "installed byok did not say it used the demo provider"
  echo "install layout ok under $prefix"
  ;;
deb)
  for tool in cpack dpkg-deb dpkg-shlibdeps; do
    command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed (needed to build and inspect the .deb)"; exit 77; }
  done
  (cd "$tmp" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/out" >"$tmp/cpack.log" 2>&1) ||
    fail "cpack -G DEB failed: $(tail -20 "$tmp/cpack.log")"
  deb=$(ls "$tmp"/out/*.deb 2>/dev/null | head -1)
  [[ -n $deb ]] || fail "cpack made no .deb"
  listing=$(dpkg-deb -c "$deb")
  grep -qE ' \./usr/bin/byok$' <<<"$listing" || fail "$(basename "$deb") has no usr/bin/byok"
  grep -qE ' \./usr/libexec/byok/byok-emulator$' <<<"$listing" || fail "$(basename "$deb") has no demo provider"
  grep -qE ' \./usr/share/doc/byok/docs/config\.md$' <<<"$listing" || fail "$(basename "$deb") has no docs"
  echo "$(basename "$deb") ok"
  ;;
notests)
  # Configure only (building would take minutes): the emulator target exists and has its install rule.
  cmake -S "$src" -B "$tmp/b" -G Ninja -DBYOK_BUILD_TESTS=OFF -DBYOK_BUILD_BENCH=OFF >"$tmp/cfg.log" 2>&1 ||
    fail "configuring with BYOK_BUILD_TESTS=OFF failed: $(tail -20 "$tmp/cfg.log")"
  ninja -C "$tmp/b" -t targets all | grep -q '^byok-emulator:' || fail "no byok-emulator target without tests"
  grep -rq 'libexec/byok' "$tmp/b/tests/emulator/cmake_install.cmake" || fail "byok-emulator is not installed without tests"
  ! ninja -C "$tmp/b" -t targets all | grep -q '^byok_emulator_tests:' || fail "the emulator's tests are built without tests"
  echo "demo provider built and installed with BYOK_BUILD_TESTS=OFF"
  ;;
*) fail "unknown mode $mode" ;;
esac
