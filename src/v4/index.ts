/**
 * @since 0.2.0
 */
import { requireNode } from "./internal/node.js"

// On a Node older than 22.19, fail here, at import, with a message that says which Node to get and how
// (internal/node.ts), rather than later in undici with one that names nothing.
requireNode()

/**
 * @since 0.2.0
 */
export * as ApiKey from "./ApiKey.js"

/**
 * @since 0.2.0
 */
export * as ApiServer from "./ApiServer.js"

/**
 * @since 0.2.0
 */
export * as Policy from "./Policy.js"

/**
 * @since 0.2.0
 */
export * as Regions from "./Regions.js"

/**
 * @since 0.2.0
 */
export * as RocksetError from "./RocksetError.js"

/**
 * @since 0.2.0
 */
export * as UserAgent from "./UserAgent.js"

/**
 * @since 0.2.0
 */
export * as Users from "./Users.js"

/**
 * @since 0.2.0
 */
export * as UsersSchema from "./UsersSchema.js"

/**
 * @since 0.2.0
 */
export * as OrgSync from "./OrgSync.js"
