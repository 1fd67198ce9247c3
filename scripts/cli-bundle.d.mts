// The types of scripts/cli-bundle.mjs, for bench/startup.ts and test/scripts/cliBundle.test.ts.
import type { BuildOptions } from "esbuild"

/** The esbuild options of the `rockset-users` command, its entry `<outdir>/rockset-users.mjs`. */
export declare const cliBundleOptions: (root: string, outdir: string) => BuildOptions
