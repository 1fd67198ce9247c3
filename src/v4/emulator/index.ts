/**
 * `effect-rockset/v4/emulator`: a local Rockset Users API for demos, examples and integration tests.
 *
 * @since 0.2.0
 */
import { requireNode } from "../internal/node.js"

// On a Node older than 22.19, fail here, at import, with a message that says which Node to get and how
// (internal/node.ts), rather than later in undici with one that names nothing.
requireNode()

/**
 * @since 0.2.0
 */
export * as Emulator from "./Emulator.js"

/**
 * @since 0.2.0
 */
export * as Fault from "./Fault.js"
