/**
 * A Promise facade for code that does not use Effect.
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
export * as RocksetClient from "./RocksetClient.js"
