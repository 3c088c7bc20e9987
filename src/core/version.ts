/** The version of pormg; a test keeps it equal to `package.json`'s. */
export const VERSION = "0.1.0";

/**
 * Replaced at build time: `scripts/compile.ts` passes `define: { PORMG_BUILD_TARGET: "\"linux-arm64\"" }`
 * to Bun.build, so the compiled binary carries its target as a string literal. From source the
 * identifier is never defined, and `typeof` of an undeclared name is "undefined", not an error.
 */
declare const PORMG_BUILD_TARGET: string | undefined;

/**
 * The target this build was compiled for (`linux-x64`, `linux-arm64-musl`, `darwin-arm64`,
 * `windows-x64`, …), `"npm"` for the npm package's Node bundle, or `"source"` when pormg runs from its TypeScript source under a runtime.
 */
export const BUILD_TARGET: string = typeof PORMG_BUILD_TARGET === "string" ? PORMG_BUILD_TARGET : "source";
