import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { percentile, slackAckFigure } from "../../src/bench/slack-ack-figure.ts";

describe("the Slack acknowledgement figure", () => {
  it("takes percentiles by nearest rank", () => {
    const sorted = Array.from({ length: 50 }, (_, index) => index + 1);
    expect(percentile(sorted, 0.5)).toBe(25);
    expect(percentile(sorted, 0.99)).toBe(50);
    expect(percentile([7], 0.99)).toBe(7);
  });

  it("has the real bot acknowledge every signed /render and then do its work against the stand-in", async () => {
    const dir = await mkdtemp(join(tmpdir(), "continuity-ack-"));
    try {
      const figure = await slackAckFigure(dir, 3);
      expect(figure).toMatchObject({ requests: 3, acknowledged: 3 });
      expect(figure.p50Ms).toBeLessThanOrEqual(figure.p99Ms);
      // Each acknowledged render (three and the one before the burst) opened its run in the channel.
      expect(figure.webApiCalls["chat.postMessage"]).toBeGreaterThanOrEqual(4);
      expect(figure.webApiCalls["auth.test"]).toBeGreaterThanOrEqual(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
