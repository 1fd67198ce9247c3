/**
 * Test helpers for code that calls Rockset: a scripted `HttpClient`, and an in-memory `Users` service with
 * the emulator's rules.
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
export * as ScriptedHttp from "./ScriptedHttp.js"

/**
 * @since 0.2.0
 */
export * as InMemoryUsers from "./InMemoryUsers.js"
