import type * as Schema from "effect/Schema"

type Same<A, B> = [A] extends [B] ? [B] extends [A] ? true : false : false

/**
 * The schema as it is, when its type is exactly `T`, and a compile error when it is not (wider or
 * narrower): keeps a public schema from drifting from the core's type it describes.
 *
 * @internal
 */
export const exactly =
  <T>() => <S extends Schema.Top>(schema: S & (Same<S["Type"], T> extends true ? unknown : never)): S => schema
