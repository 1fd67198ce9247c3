/** @internal */
export const libraryName = "effect-rockset"

/** @internal */
export const version = "0.0.0"
