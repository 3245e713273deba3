import { describe, expect, it } from "vitest";
import { AppError, errorBlame, exitCodeFor, isErrorOfKind } from "../../src/core/app-error.ts";
import { ERROR_CODES, errorCodeInfo } from "../../src/core/error-codes.ts";
import { failureOutcome } from "../../src/core/failure-outcome.ts";
import { ProviderError } from "../../src/core/provider-error.ts";

describe("one error vocabulary", () => {
  it("refuses a code that is not in the table at compile time", () => {
    // @ts-expect-error: TYPO is not an AppErrorCode (tsc --noEmit fails if this compiles)
    const typo = new AppError("TYPO", "x");
    expect(typo.code).toBe("TYPO");
  });

  it("gives every thrown error exit code 2, as the CLI always has", () => {
    for (const info of Object.values(ERROR_CODES)) expect(info.exit).toBe(2);
    expect(exitCodeFor(new AppError("INVALID_ARGUMENT", "x"))).toBe(2);
    expect(exitCodeFor(new Error("boom"))).toBe(2);
    expect(exitCodeFor("thrown string")).toBe(2);
  });

  it("treats a code from outside the table as INTERNAL", () => {
    expect(errorCodeInfo("ECONNRESET")).toBe(ERROR_CODES.INTERNAL);
  });

  it("classifies the references gate's refusals by kind, not by a list at the catch site", () => {
    for (const code of [
      "REFERENCE_CHANGED",
      "REFERENCE_MISSING",
      "REFERENCE_NOT_LOCKED",
      "MANIFEST_INVALID",
      "MANIFEST_INVALID_JSON",
    ] as const) {
      expect(isErrorOfKind(new AppError(code, "x"), "reference")).toBe(true);
      expect(errorBlame(new AppError(code, "x"))).toBe("reference");
    }
    expect(isErrorOfKind(new AppError("STORAGE_ERROR", "x"), "reference")).toBe(false);
    expect(isErrorOfKind(new Error("REFERENCE_CHANGED"), "reference")).toBe(false);
  });

  it("says which refusals of a decision leave everything as it was", () => {
    for (const code of [
      "SELF_APPROVAL",
      "ESCALATION_SUPERSEDED",
      "ESCALATION_DECIDED",
      "ESCALATION_STALE",
      "NOTHING_TO_APPROVE",
      "UNKNOWN_ESCALATION",
    ] as const) {
      expect(isErrorOfKind(new AppError(code, "x"), "decision")).toBe(true);
    }
    expect(isErrorOfKind(new AppError("DATABASE_UNREACHABLE", "x"), "decision")).toBe(false);
  });

  it("derives the gate outcome from the table", () => {
    expect(failureOutcome(new AppError("PRICE_UNKNOWN", "no price"))).toEqual({
      kind: "fail",
      blame: "provider",
      message: "no price",
    });
    expect(failureOutcome(new AppError("IMAGE_UNREADABLE", "junk"))).toEqual({
      kind: "fail",
      blame: "reference",
      message: "IMAGE_UNREADABLE: junk",
    });
    expect(failureOutcome(new ProviderError("PROVIDER_TIMEOUT", "slow", "uncertain"))).toEqual({
      kind: "escalate",
      blame: "provider",
      reason: "PROVIDER_TIMEOUT: slow",
    });
    // A reference refusal thrown mid-gate is retried like before (the references gate handles it first).
    expect(failureOutcome(new AppError("REFERENCE_CHANGED", "x"))).toBeUndefined();
    expect(failureOutcome(new AppError("STORAGE_ERROR", "x"))).toBeUndefined();
  });
});
