/** @internal */
export const libraryName = "effect-rockset"

/** @internal */
export const version = "0.1.0"
