/** A key that must never show up anywhere: each edition's tests scan every output for it. */
export const canaryKey = "rs_CANARY_7f3a9c1e5b2dQ"
