import { describe, expect, it } from "vitest";
import { estimateScope } from "../../src/core/estimate.ts";
import {
  costOfUsage,
  DEFAULT_PRICE_TABLE,
  priceFor,
  reserveForCall,
  reserveForVideo,
} from "../../src/core/prices.ts";

describe("prices", () => {
  it("prices a judge call from its token usage", () => {
    const judge = priceFor(DEFAULT_PRICE_TABLE, "gemini", "gemini-2.5-flash");
    // 10,000 input tokens at $0.30/M + 2,000 output at $2.50/M = $0.003 + $0.005
    expect(costOfUsage(judge, "judge", { inputTokens: 10_000, outputTokens: 2_000 })).toBe(8_000);
    expect(reserveForCall(judge, "judge")).toBeGreaterThan(
      costOfUsage(judge, "judge", { inputTokens: 10_000, outputTokens: 2_000 }),
    );
  });
  it("prices a simulated model as the real one it stands in for", () => {
    const local = priceFor(DEFAULT_PRICE_TABLE, "local", "local-ffmpeg");
    expect(local.pricedAs).toBe("seedance/seedance-1-0-pro-fast-251015");
    expect(reserveForVideo(local, 12)).toBe(2_900_004);
  });
  it("reserves a clip at its duration rounded up, an upper bound of what a provider rounding to frames bills", () => {
    const local = priceFor(DEFAULT_PRICE_TABLE, "local", "local-ffmpeg");
    // The field trial: 4.05 s reserved 978,752 and the provider billed 49 frames at 12 fps (986,807).
    const billed = costOfUsage(local, "video", { seconds: 49 / 12 });
    expect(billed).toBe(986_807);
    expect(reserveForVideo(local, 4.05)).toBeGreaterThanOrEqual(billed);
    expect(reserveForVideo(local, 4)).toBe(reserveForVideo(local, 4.0000000001));
  });
  it("fails closed on a model with no price", () => {
    expect(() => priceFor(DEFAULT_PRICE_TABLE, "acme", "mystery-video")).toThrow(
      expect.objectContaining({ code: "PRICE_UNKNOWN" }),
    );
  });
  it("estimates expected and worst case under the caps", () => {
    const shot = {
      id: "1A",
      order: 1,
      characters: [],
      location: "room",
      props: [],
      camera: "c",
      motion: "m",
      duration: 10,
    };
    const estimate = estimateScope(
      [shot, { ...shot, id: "1B" }],
      { panel: 40_000, judge: 5_000, videoPerSecond: (s) => s * 100_000 },
      { maxAttempts: 3, frames: false, judgedKeyframes: 2, sceneGate: true, cap: 2_000_000 },
    );
    // Per shot: panel 40k + judge 5k; video 1M + 2 judges 10k. One cut judged.
    expect(estimate.expected).toBe(2 * (45_000 + 1_010_000) + 5_000);
    expect(estimate.worst).toBe(2 * 3 * (45_000 + 1_010_000) + 5_000);
    expect(estimate.worstUnderCap).toBe(2_000_000);
  });
});
