#!/usr/bin/env node
// The `rockset-users` command of the published package: one bundled file (src/cli/bin.ts and everything it
// imports, built by scripts/build.mjs), so it needs nothing else installed.
import "../dist/bin/rockset-users.mjs"
