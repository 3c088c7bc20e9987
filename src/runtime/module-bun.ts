import type * as BunModule from "bun";

// A runtime-only specifier: bundles made for other runtimes must not try to load "bun".
const BUN = "bun";
const provided = new Set<string>();

/** Registers a Bun runtime plugin whose virtual module `name` has the given exports. */
export async function provideModule(name: string, exports: Record<string, unknown>): Promise<void> {
  if (provided.has(name)) return;
  provided.add(name);
  const { plugin } = (await import(BUN)) as typeof BunModule;
  plugin({
    name: `pormg:${name}`,
    setup(build) {
      build.module(name, () => ({ exports, loader: "object" }));
    },
  });
}
