#!/usr/bin/env bash
# Packaging checks, run by CI after `npm ci`: build, lint the package manifest, check its types under every
# module resolution, install the packed tarball into fresh ESM and CommonJS projects and use it, type-check a
# consumer of it under TypeScript 5.9 and 7.x in a Node and a browser-style project (no @types/node, no
# skipLibCheck), and build the API docs with every example type-checked. Needs the npm registry only (for
# the smoke test's installs).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$1"; }

step "build"
manifest=$(cat package.json)
npm run --silent build
if [ "$manifest" != "$(cat package.json)" ]; then
  echo "note: the build updated the entry points in package.json (an entry point was added or removed); commit it"
fi

step "publint"
npx --no-install publint --strict

step "attw --pack"
npx --no-install attw --pack

step "smoke:pack"
npm run --silent smoke:pack

step "docs"
npm run --silent docs
