#!/usr/bin/env bash
# Installs the tools of the VS Code extension's end-to-end test (hosts/vscode/test/e2e): code-server 4.100.3
# (VS Code 1.100.3, the last line on Node 20) and playwright-core, pinned by that folder's package-lock.json.
# code-server's npm install has four traps on a machine without internet (../shared/docs/vscode.md):
#   1. its postinstall refuses to run as root            -> npm_config_unsafe_perm=true
#   2. @vscode/ripgrep downloads rg from GitHub          -> seed its download cache with Debian's rg
#   3. node-pty's `npx node-gyp` is cancelled by yes=false -> npm_config_yes=true
#   4. argon2 builds from source                         -> build-essential, python3, Node headers (nodedir)
# The Debian packages come from scripts/apt-packages.extra. Idempotent: skips when the lockfile is unchanged.
set -euo pipefail
cd "$(dirname "$0")/../../hosts/vscode/test/e2e"

stamp=node_modules/.byok-install-stamp
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x node_modules/.bin/code-server ]; then
  echo "install-deps: vscode e2e tools up to date"
  exit 0
fi

for tool in rg python3 make g++; do
  command -v "$tool" >/dev/null || { echo "install-deps: vscode: '$tool' missing (see scripts/apt-packages.extra)" >&2; exit 1; }
done

# Trap 2: a private TMPDIR whose ripgrep cache holds Debian's rg under the name the postinstall looks for.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/rgsrc"
cp "$(command -v rg)" "$work/rgsrc/rg"
# Every @vscode/ripgrep version code-server pins (lib/vscode has its own shrinkwrap): read them from the
# package tarball so a bump of code-server does not silently bring back the download.
npm pack "code-server@$(node -p "require('./package.json').dependencies['code-server']")" \
  --pack-destination "$work" --silent >/dev/null
tar -xzf "$work"/code-server-*.tgz -C "$work" package/lib/vscode/npm-shrinkwrap.json package/npm-shrinkwrap.json
rg_versions=$(node -e '
  const fs = require("fs"); const seen = new Set();
  for (const f of process.argv.slice(1)) {
    const pk = JSON.parse(fs.readFileSync(f, "utf8")).packages || {};
    for (const [k, v] of Object.entries(pk)) if (k.endsWith("node_modules/@vscode/ripgrep")) seen.add(v.version);
  }
  console.log([...seen].join(" "));' "$work/package/lib/vscode/npm-shrinkwrap.json" "$work/package/npm-shrinkwrap.json")
for v in $rg_versions; do
  mkdir -p "$work/tmp/vscode-ripgrep-cache-$v"
  for asset in ripgrep-v13.0.0-10-x86_64-unknown-linux-musl ripgrep-v13.0.0-4-x86_64-unknown-linux-musl; do
    tar -czf "$work/tmp/vscode-ripgrep-cache-$v/$asset.tar.gz" -C "$work/rgsrc" rg
  done
done

nodedir=/usr
[ -f "$nodedir/include/node/node.h" ] || nodedir=$(dirname "$(dirname "$(command -v node)")")
echo "install-deps: npm ci in hosts/vscode/test/e2e (code-server; ≈ 2–3 min)"
TMPDIR="$work/tmp" npm_config_unsafe_perm=true npm_config_yes=true npm_config_nodedir="$nodedir" \
  npm ci --no-audit --no-fund --loglevel=error
./node_modules/.bin/code-server --version >/dev/null
echo "$want" > "$stamp"
