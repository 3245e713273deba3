import { describe, expect, it } from "vitest";
import {
  classifyFailure,
  classifyHttpFailure,
  parseProtoDuration,
  retryAfterFromHeader,
} from "../../../src/adapters/http/classify-http-error.ts";
import { deadline } from "../../../src/adapters/http/deadline.ts";
import { scrubSecrets } from "../../../src/adapters/http/scrub-secrets.ts";

const submit = { provider: "gemini", phase: "submit" as const, secrets: ["AIzaSecretSecretSecret"] };
const poll = { ...submit, phase: "poll" as const };

function networkError(code: string): TypeError {
  return new TypeError("fetch failed", { cause: Object.assign(new Error(`connect ${code}`), { code }) });
}

describe("classify-http-error", () => {
  it("reads Retry-After as seconds or a date, and protobuf durations", () => {
    expect(retryAfterFromHeader("7")).toBe(7_000);
    expect(
      retryAfterFromHeader("Wed, 01 Jan 2031 00:00:10 GMT", Date.parse("Wed, 01 Jan 2031 00:00:00 GMT")),
    ).toBe(10_000);
    expect(retryAfterFromHeader("soon")).toBeUndefined();
    expect(parseProtoDuration("12s")).toBe(12_000);
    expect(parseProtoDuration("0.250s")).toBe(250);
    expect(parseProtoDuration(12)).toBeUndefined();
  });

  it("prefers the Retry-After header, falls back to RetryInfo", () => {
    const body = JSON.stringify({
      error: {
        code: 429,
        status: "RESOURCE_EXHAUSTED",
        message: "slow down",
        details: [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "3s" }],
      },
    });
    expect(
      classifyHttpFailure({ status: 429, body, headers: new Headers({ "retry-after": "9" }) }, submit)
        .retryAfterMs,
    ).toBe(9_000);
    expect(classifyHttpFailure({ status: 429, body }, submit).retryAfterMs).toBe(3_000);
  });

  it("reads RetryInfo from a JSON body the SDK wrapped as text (served without a JSON content type)", () => {
    const inner = JSON.stringify({
      error: {
        code: 429,
        status: "RESOURCE_EXHAUSTED",
        message: "quota",
        details: [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "5s" }],
      },
    });
    const error = classifyHttpFailure(
      {
        status: 429,
        body: JSON.stringify({ error: { message: inner, code: 429, status: "Too Many Requests" } }),
      },
      submit,
    );
    expect(error).toMatchObject({ code: "PROVIDER_RATE_LIMITED", retryAfterMs: 5_000 });
    expect(error.message).toContain("RESOURCE_EXHAUSTED: quota");
  });

  it("maps statuses to kinds", () => {
    expect(classifyHttpFailure({ status: 503, body: "" }, submit)).toMatchObject({
      code: "PROVIDER_UNAVAILABLE",
      kind: "retryable",
    });
    expect(classifyHttpFailure({ status: 401, body: "" }, submit)).toMatchObject({
      code: "PROVIDER_AUTH",
      kind: "terminal",
    });
    expect(classifyHttpFailure({ status: 403, body: "" }, submit)).toMatchObject({
      code: "PROVIDER_AUTH",
      kind: "terminal",
    });
    expect(classifyHttpFailure({ status: 404, body: "<html>" }, submit)).toMatchObject({
      code: "PROVIDER_BAD_REQUEST",
      kind: "terminal",
    });
  });

  it("an SDK ApiError is classified by its status and JSON message", () => {
    const apiError = Object.assign(
      new Error(JSON.stringify({ error: { code: 500, message: "boom", status: "INTERNAL" } })),
      {
        name: "ApiError",
        status: 500,
      },
    );
    expect(classifyFailure(apiError, submit)).toMatchObject({
      code: "PROVIDER_UNAVAILABLE",
      kind: "retryable",
    });
  });

  it("network failures: never-connected is retryable, a broken submission uncertain, a broken poll retryable", () => {
    expect(classifyFailure(networkError("ECONNREFUSED"), submit)).toMatchObject({
      code: "PROVIDER_UNREACHABLE",
      kind: "retryable",
    });
    expect(classifyFailure(networkError("ECONNRESET"), submit)).toMatchObject({
      code: "PROVIDER_NETWORK",
      kind: "uncertain",
    });
    expect(classifyFailure(networkError("ECONNRESET"), poll)).toMatchObject({
      code: "PROVIDER_NETWORK",
      kind: "retryable",
    });
    const abort = new DOMException("This operation was aborted", "AbortError");
    expect(classifyFailure(abort, { ...submit, timedOut: true })).toMatchObject({
      code: "PROVIDER_TIMEOUT",
      kind: "uncertain",
    });
    expect(classifyFailure(abort, submit)).toMatchObject({ code: "PROVIDER_ABORTED", kind: "uncertain" });
    expect(classifyFailure(abort, poll)).toMatchObject({ code: "PROVIDER_ABORTED", kind: "retryable" });
  });

  it("scrubs known keys and key-shaped values", () => {
    const text =
      "GET https://x.test/v1?key=abc123456789&alt=media Authorization: Bearer sk-abcdefghijkl AIzaSecretSecretSecret";
    const scrubbed = scrubSecrets(text, ["AIzaSecretSecretSecret"]);
    expect(scrubbed).toBe(
      "GET https://x.test/v1?key=[redacted]&alt=media Authorization: Bearer [redacted] [redacted]",
    );
    const error = classifyFailure(new Error("failed for AIzaSecretSecretSecret"), submit);
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain(
      "AIzaSecretSecretSecret",
    );
  });
});

describe("deadline", () => {
  it("tells its own timeout from the caller's cancellation, and aborts with an AbortError either way", async () => {
    const caller = new AbortController();
    const cancelled = deadline(caller.signal, 10_000);
    caller.abort(new Error("kill switch"));
    expect(cancelled.signal.aborted).toBe(true);
    expect((cancelled.signal.reason as Error).name).toBe("AbortError");
    expect(cancelled.timedOut()).toBe(false);
    cancelled.dispose();

    const slow = deadline(new AbortController().signal, 10);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(slow.signal.aborted).toBe(true);
    expect(slow.timedOut()).toBe(true);
    slow.dispose();
  });
});
