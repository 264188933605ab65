#!/usr/bin/env bash
# Builds FerretDB v1.24.2 (the MongoDB-compatible test database) from the Go module proxy into
# ~/.cache/helpdesk-api/ferretdb-v1.24.2/ferretdb, once per machine. Prints the binary's path.
#
# Why not `go install …@v1.24.2`: the published module lacks build/version/version.txt, so a
# binary built as FerretDB's own main module panics at start. We build from a copy of the module
# with that file written, which is what FerretDB's release build does.
set -euo pipefail

version=v1.24.2
target_dir="${HOME}/.cache/helpdesk-api/ferretdb-${version}"
target="${target_dir}/ferretdb"

if [ -x "$target" ] && "$target" --version 2>/dev/null | grep -q "version: ${version}"; then
  echo "$target"
  exit 0
fi

command -v go >/dev/null 2>&1 || { echo "install-ferretdb: Go is required to build FerretDB" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
module_dir=$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@${version}" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -n "$module_dir" ] || { echo "install-ferretdb: could not download the FerretDB module" >&2; exit 1; }

cp -r "$module_dir" "$work/src"
chmod -R u+w "$work/src"
echo "$version" > "$work/src/build/version/version.txt"
mkdir -p "$target_dir"
(cd "$work/src" && CGO_ENABLED=0 go build -trimpath -o "$target.tmp" ./cmd/ferretdb) >&2
mv "$target.tmp" "$target"
"$target" --version | grep -q "version: ${version}"
echo "$target"
