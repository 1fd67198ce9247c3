/**
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as ApiKey from "./ApiKey.js"

/**
 * @since 0.1.0
 */
export * as ApiServer from "./ApiServer.js"

/**
 * @since 0.1.0
 */
export * as Policy from "./Policy.js"

/**
 * @since 0.1.0
 */
export * as Regions from "./Regions.js"

/**
 * @since 0.1.0
 */
export * as RocksetError from "./RocksetError.js"

/**
 * @since 0.1.0
 */
export * as UserAgent from "./UserAgent.js"

/**
 * @since 0.1.0
 */
export * as Users from "./Users.js"

/**
 * @since 0.1.0
 */
export * as UsersSchema from "./UsersSchema.js"

/**
 * @since 0.1.0
 */
export * as OrgSync from "./OrgSync.js"
