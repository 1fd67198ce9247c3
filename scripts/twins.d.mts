// The types of scripts/twins.mjs, for its test (test/scripts/twins.test.ts).

/** Each original (a path from the top) and its twin. */
export declare const twins: ReadonlyArray<readonly [original: string, twin: string]>

/** Twins kept in git all the same (the README links to them). */
export declare const committedTwins: ReadonlyArray<readonly [original: string, twin: string]>

/** The twin's lines from the original's, by its directives. */
export declare const applyDirectives: (
  text: string,
  where: string
) => Array<{ readonly text: string; readonly verbatim: boolean }>

/** The twin's text of one original. */
export declare const twinText: (original: string, twin: string, text: string) => string
