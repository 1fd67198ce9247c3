#!/usr/bin/env node
// The package ships TypeScript sources, so the command runs them through tsx's loader.
import { register } from "tsx/esm/api"

register()
await import("../src/emulator/bin.ts")
