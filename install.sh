#!/usr/bin/env bash
# Install git drift from this checkout and show it at work.
#   ./install.sh                 installs into ~/.local/bin (or $PREFIX/bin) and runs `git drift demo`
#   PREFIX=/usr/local ./install.sh
# Needs Node.js >= 20.19, npm and git. Nothing is downloaded but npm packages.
set -euo pipefail
cd "$(dirname "$0")"
here=$(pwd -P)

fail() { echo "install.sh: $*" >&2; exit 1; }
command -v node >/dev/null || fail "node is not installed (need Node.js >= 20.19)"
command -v npm >/dev/null || fail "npm is not installed"
command -v git >/dev/null || fail "git is not installed"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || fail "Node.js $(node --version) is too old: git drift needs >= 20.19"

echo "==> installing dependencies (npm ci)"
npm ci --no-audit --no-fund --loglevel=error
echo "==> building"
npm run --silent build

prefix=${PREFIX:-$HOME/.local}
bindir="$prefix/bin"
mkdir -p "$bindir" || fail "cannot create $bindir; set PREFIX to a directory you can write"
for exe in git-drift git-drift-hook; do
  ln -sf "$here/bin/$exe" "$bindir/$exe"
done
echo "==> installed git-drift and git-drift-hook into $bindir"
case ":$PATH:" in
  *":$bindir:"*) ;;
  *) echo "NOTE: $bindir is not on your PATH. Add it so that \`git drift\` works:"
     echo "        export PATH=\"$bindir:\$PATH\"   (put this line in ~/.bashrc or ~/.zshrc)" ;;
esac

echo "==> git drift demo"
"$bindir/git-drift" demo
