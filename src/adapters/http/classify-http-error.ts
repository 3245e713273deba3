import type { AppErrorCode } from "../../core/app-error.ts";
import { ProviderError } from "../../core/provider-error.ts";
import { scrubSecrets, scrubValue } from "./scrub-secrets.ts";

/**
 * Turns whatever a provider call threw or answered into a ProviderError whose kind tells the
 * engine what it may do next. Adapters never retry on their own: the governor owns the retry
 * budget, so an adapter only has to say whether calling again can help and when.
 */

/**
 * "submit" is a paid call that is not idempotent (a generation, a job submission): if it dies on
 * the way we cannot know whether the provider took it. "poll" is a status read or a download,
 * which is always safe to repeat.
 */
export type CallPhase = "submit" | "poll";

export interface FailureContext {
  provider: string;
  phase: CallPhase;
  /** Every key the adapter holds; none may appear in a message or in details. */
  secrets: readonly string[];
  /** Our own deadline fired (as opposed to the caller cancelling). */
  timedOut?: boolean;
}

export interface HttpFailure {
  status: number;
  headers?: Headers;
  /** The raw response body, JSON or not. */
  body: string;
}

const MESSAGE_LIMIT = 300;
const DETAIL_LIMIT = 1000;

/** Connection never made: the request cannot have reached the provider, so repeating it is safe. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);
const TIMEOUT_CODES = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "ETIMEDOUT"]);

/** Provider error codes (BytePlus Ark) that mean content moderation refused the input or output. */
const SAFETY_CODE = /Sensitive|Moderation|RiskControl/i;

export function classifyHttpFailure(
  failure: HttpFailure,
  ctx: FailureContext,
  now = Date.now(),
): ProviderError {
  const { status } = failure;
  const parsed = parseErrorBody(failure.body);
  const retryAfterMs =
    status === 429 || status >= 500
      ? (retryAfterFromHeader(failure.headers?.get("retry-after") ?? null, now) ?? parsed.retryDelayMs)
      : undefined;

  let code: AppErrorCode;
  let kind: ProviderError["kind"];
  if (status === 429) [code, kind] = ["PROVIDER_RATE_LIMITED", "retryable"];
  else if (status >= 500 || status === 408) [code, kind] = ["PROVIDER_UNAVAILABLE", "retryable"];
  // Google answers a bad key with 400 INVALID_ARGUMENT and ErrorInfo reason API_KEY_INVALID.
  else if (status === 401 || status === 403 || parsed.reason === "API_KEY_INVALID")
    [code, kind] = ["PROVIDER_AUTH", "terminal"];
  else if (parsed.providerCode && SAFETY_CODE.test(parsed.providerCode))
    [code, kind] = ["PROVIDER_SAFETY_BLOCK", "terminal"];
  else [code, kind] = ["PROVIDER_BAD_REQUEST", "terminal"];

  const providerMessage = truncate(scrubSecrets(parsed.message, ctx.secrets), DETAIL_LIMIT);
  const label = parsed.providerCode ? `HTTP ${status} ${parsed.providerCode}` : `HTTP ${status}`;
  const wait = retryAfterMs !== undefined ? ` (retry after ${Math.ceil(retryAfterMs / 1000)}s)` : "";
  return new ProviderError(
    code,
    `${ctx.provider}: ${label}: ${truncate(providerMessage, MESSAGE_LIMIT)}${wait}`,
    kind,
    retryAfterMs,
    scrubValue(
      { provider: ctx.provider, httpStatus: status, providerCode: parsed.providerCode, providerMessage },
      ctx.secrets,
    ) as Record<string, unknown>,
  );
}

/** Anything thrown by fetch or by the @google/genai SDK. */
export function classifyFailure(error: unknown, ctx: FailureContext): ProviderError {
  if (error instanceof ProviderError) return error;

  // The SDK's ApiError carries the HTTP status and the JSON-stringified error body as its message;
  // it does not expose the response headers, so only the body's RetryInfo can say when to retry.
  if (isApiErrorLike(error)) return classifyHttpFailure({ status: error.status, body: error.message }, ctx);

  const name = error instanceof Error ? error.name : "";
  const codes = causeCodes(error);
  const described = scrubSecrets(describe(error), ctx.secrets);
  const details = { provider: ctx.provider, phase: ctx.phase, cause: truncate(described, DETAIL_LIMIT) };
  const unsure = ctx.phase === "submit" ? "uncertain" : "retryable";

  if (ctx.timedOut || name === "TimeoutError" || codes.some((code) => TIMEOUT_CODES.has(code))) {
    return new ProviderError(
      "PROVIDER_TIMEOUT",
      `${ctx.provider}: no answer in time${ctx.phase === "submit" ? "; the provider may have accepted the work" : ""}`,
      unsure,
      undefined,
      details,
    );
  }
  if (name === "AbortError") {
    return new ProviderError(
      "PROVIDER_ABORTED",
      `${ctx.provider}: cancelled${ctx.phase === "submit" ? " after sending; the provider may have accepted the work" : ""}`,
      unsure,
      undefined,
      details,
    );
  }
  if (codes.some((code) => NOT_SENT_CODES.has(code))) {
    return new ProviderError(
      "PROVIDER_UNREACHABLE",
      `${ctx.provider}: cannot connect (${codes.join(", ")})`,
      "retryable",
      undefined,
      details,
    );
  }
  if (name === "TypeError" || codes.length > 0) {
    return new ProviderError(
      "PROVIDER_NETWORK",
      `${ctx.provider}: connection failed${ctx.phase === "submit" ? "; the provider may have accepted the work" : ""}: ${truncate(described, MESSAGE_LIMIT)}`,
      unsure,
      undefined,
      details,
    );
  }
  if (name === "SyntaxError") {
    return new ProviderError(
      "PROVIDER_MALFORMED_RESPONSE",
      `${ctx.provider}: unreadable answer: ${truncate(described, MESSAGE_LIMIT)}`,
      unsure,
      undefined,
      details,
    );
  }
  // What is left was thrown before anything was sent (SDK argument checks): calling again cannot help.
  return new ProviderError(
    "PROVIDER_CLIENT_ERROR",
    `${ctx.provider}: ${truncate(described, MESSAGE_LIMIT)}`,
    "terminal",
    undefined,
    details,
  );
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function retryAfterFromHeader(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** google.protobuf.Duration in JSON form: "12s", "0.5s", "1.000340012s". */
export function parseProtoDuration(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const match = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
  return match ? Math.round(Number(match[1]) * 1000) : undefined;
}

interface ParsedErrorBody {
  message: string;
  providerCode?: string;
  /** google.rpc.ErrorInfo reason, e.g. API_KEY_INVALID. */
  reason?: string;
  retryDelayMs?: number;
}

/**
 * Google: {"error":{"code":429,"message":…,"status":"RESOURCE_EXHAUSTED","details":[{"@type":
 * "type.googleapis.com/google.rpc.RetryInfo","retryDelay":"12s"}]}} (sometimes wrapped in an array).
 * BytePlus Ark: {"error":{"code":"RateLimitExceeded","message":…,"type":"TooManyRequests"}}.
 */
function parseErrorBody(body: string): ParsedErrorBody {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { message: body.trim() || "(empty body)" };
  }
  const root = Array.isArray(json) ? json[0] : json;
  const error = isRecord(root) && isRecord(root.error) ? root.error : undefined;
  if (!error) return { message: body.trim() };
  const providerCode =
    typeof error.status === "string" && error.status
      ? error.status
      : typeof error.code === "string"
        ? error.code
        : undefined;
  let retryDelayMs: number | undefined;
  let reason: string | undefined;
  if (Array.isArray(error.details)) {
    for (const detail of error.details) {
      if (!isRecord(detail)) continue;
      const type = String(detail["@type"] ?? "");
      if (type.endsWith("google.rpc.RetryInfo")) retryDelayMs = parseProtoDuration(detail.retryDelay);
      if (type.endsWith("google.rpc.ErrorInfo") && typeof detail.reason === "string") reason = detail.reason;
    }
  }
  const message = typeof error.message === "string" ? error.message : body.trim();
  // When the SDK meets a JSON body served without a JSON content type it wraps the text as the
  // message of its own error object; the real status and RetryInfo are inside.
  if (message.trimStart().startsWith("{")) {
    const inner = parseErrorBody(message);
    return {
      message: inner.message,
      providerCode: inner.providerCode ?? providerCode,
      reason: inner.reason ?? reason,
      retryDelayMs: inner.retryDelayMs ?? retryDelayMs,
    };
  }
  return { message, providerCode, reason, retryDelayMs };
}

function isApiErrorLike(error: unknown): error is { name: string; status: number; message: string } {
  return (
    error instanceof Error &&
    error.name === "ApiError" &&
    typeof (error as { status?: unknown }).status === "number"
  );
}

function causeCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && isRecord(current); depth++) {
    if (typeof current.code === "string") codes.push(current.code);
    current = current.cause;
  }
  return codes;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return `${error.message}${cause}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
