#!/usr/bin/env node
// The `rockset-users` command of the published package: src/cli/bin.ts and everything it imports, bundled by
// scripts/build.mjs into dist/bin (an entry and the chunks it loads), so it needs nothing else installed.
import "../dist/bin/rockset-users.mjs"
