#!/usr/bin/env node
// The `rockset-emulator` command of the published package: runs the built emulator (src/v3/emulator/bin.ts).
// package.json lists it as a bin only when that file exists (see scripts/build.mjs).
import "../dist/esm/v3/emulator/bin.js"
