import { offerModule } from "../runtime/load-module.ts";

/**
 * Offers this very pormg as the module `pormg` to the user's files (models.ts), so a models file
 * works beside the compiled binary with no `node_modules`: it is provided when a file loads
 * (`importModule`; a Bun runtime plugin; on Node a module hook; Deno uses the import map), so it is
 * always the running pormg, never a second copy from the models file's `node_modules`. The library
 * (`mod.ts`) and the CLI (`cmd/main.ts`) call it once.
 */
export function offerPormgModule(): void {
  offerModule("pormg", async () => ({ ...(await import("./public-api.ts")) }));
}
