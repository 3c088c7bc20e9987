import { describe, expect, test } from "bun:test";
import { isPormgError } from "../../../src/core/errors.ts";
import { waitForServer } from "../../../src/deploy/wait-for-server.ts";
import { loadConfig } from "../../../src/dialect/load-config.ts";
import { PG_URL, tempDir } from "../../lib/cli.ts";
import { freePort } from "../../lib/tcp-proxy.ts";

/** A URL-only configuration (no folder) for `url`. */
const configFor = (url: string) => loadConfig({ cwd: tempDir(), folder: "none", url, environ: {} });

/** A fake clock: `sleep` moves it on, so the backoff runs without waiting. */
function fakeClock() {
  let now = 0;
  const pauses: number[] = [];
  return {
    pauses,
    now: () => now,
    sleep: async (ms: number) => {
      pauses.push(ms);
      now += ms;
    },
  };
}

describe("waitForServer", () => {
  test("a refused connection is retried with backoff (250 ms doubling to 2 s) until the wait is over", async () => {
    const clock = fakeClock();
    const notices: string[] = [];
    const config = configFor(`postgres://root:Wait-s3cret@127.0.0.1:${await freePort()}/x`);
    const error = await waitForServer(config, 10, { ...clock, onNotice: (m) => notices.push(m) }).catch((e) => e);
    expect(isPormgError(error, "CONNECT_FAILED")).toBe(true);
    expect(error.message).toStartWith("gave up after waiting 10 s (--wait) for postgres://root:***@127.0.0.1:");
    expect(error.message).toMatch(/ECONNREFUSED|refused/i);
    expect(error.message).not.toContain("Wait-s3cret");
    expect(clock.pauses.slice(0, 5)).toEqual([250, 500, 1000, 2000, 2000]);
    expect(clock.pauses.reduce((a, b) => a + b, 0)).toBe(10_000);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain("Waiting up to 10 s for postgres://root:***@");
  });
  test("a server that answers — even that the database does not exist — ends the wait at once", async () => {
    const clock = fakeClock();
    const url = new URL(PG_URL);
    url.pathname = "/fleet_no_such_database";
    await waitForServer(configFor(url.toString()), 10, clock);
    await waitForServer(configFor(PG_URL), 10, clock);
    expect(clock.pauses).toEqual([]);
  });
  test("0 seconds and SQLite do not try at all", async () => {
    const clock = fakeClock();
    await waitForServer(configFor(`postgres://root@127.0.0.1:${await freePort()}/x`), 0, clock);
    await waitForServer(configFor("sqlite:/nonexistent/dir/x.sqlite"), 10, clock);
    expect(clock.pauses).toEqual([]);
  });
});
