/** The Effect 4 edition's development install (dev/effect4): see effect4.mjs. */
export declare const install: string
/** The Node 22 the install brings. */
export declare const node: string
/** tsconfig.v4.json's `paths`, each target a path from the top of the repository. */
export declare const paths: Readonly<Record<string, ReadonlyArray<string>>>
/** The specifiers (and `name/*` patterns) resolved to the install. */
export declare const packages: ReadonlyArray<string>
