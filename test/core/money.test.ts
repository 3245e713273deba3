import { describe, expect, it } from "vitest";
import { budgetSchema, formatUsd, parseUsd, priceTimes } from "../../src/core/money.ts";

describe("money", () => {
  it("parses dollar amounts exactly, without floats", () => {
    expect(parseUsd("0.50")).toBe(500_000);
    expect(parseUsd("$3")).toBe(3_000_000);
    expect(parseUsd("0.1")).toBe(100_000);
    expect(parseUsd("12.345678")).toBe(12_345_678);
  });
  it.each(["-1", "abc", "1.2345678", "", "1e3", "0x10"])("refuses %j with a message naming it", (text) => {
    expect(() => parseUsd(text, "budget")).toThrow(/budget .* is not a dollar amount/);
  });
  it("formats cents, and fractions of a cent only when present", () => {
    expect(formatUsd(500_000)).toBe("$0.50");
    expect(formatUsd(390_000)).toBe("$0.39");
    expect(formatUsd(39_000)).toBe("$0.039");
    expect(formatUsd(15_000_000)).toBe("$15.00");
  });
  it("sums ten thousand small charges exactly", () => {
    let total = 0;
    for (let index = 0; index < 10_000; index++) total += priceTimes(0.3, 1234);
    expect(total).toBe(10_000 * 371);
  });
  it("reads a budget as a positive amount, or none for the configured cap", () => {
    expect(budgetSchema.parse("0.50")).toBe(500_000);
    expect(budgetSchema.parse("$15")).toBe(15_000_000);
    expect(budgetSchema.parse(undefined)).toBeUndefined();
    for (const text of ["0", "0.00", "-1", "ten"]) {
      const parsed = budgetSchema.safeParse(text);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toBe(
        `expected a positive dollar amount like 0.50 or 15, got ${JSON.stringify(text)}`,
      );
    }
  });
});
