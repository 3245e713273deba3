import { ProviderError } from "../../core/provider-error.ts";
import { classifyFailure, classifyHttpFailure, type FailureContext } from "./classify-http-error.ts";
import { deadline } from "./deadline.ts";

export interface DownloadRequest {
  fetch: typeof fetch;
  url: string;
  /** Sent to `url` only: a redirect target (a signed storage URL) never receives our credentials. */
  headers?: Record<string, string>;
  signal: AbortSignal;
  timeoutMs: number;
  context: Omit<FailureContext, "phase" | "timedOut">;
}

const MAX_REDIRECTS = 5;

/**
 * Fetches a generated file. Redirects are followed by hand because fetch would forward custom
 * headers such as x-goog-api-key to wherever the redirect points.
 */
export async function downloadBytes(
  request: DownloadRequest,
): Promise<{ bytes: Buffer; contentType: string }> {
  const limit = deadline(request.signal, request.timeoutMs);
  const context: FailureContext = { ...request.context, phase: "poll" };
  let url = request.url;
  let headers = request.headers ?? {};
  try {
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const response = await request.fetch(url, { headers, redirect: "manual", signal: limit.signal });
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        url = new URL(location, url).toString();
        headers = {};
        continue;
      }
      if (!response.ok) {
        throw classifyHttpFailure(
          { status: response.status, headers: response.headers, body: await response.text() },
          context,
        );
      }
      const bytes = Buffer.from(await response.arrayBuffer());
      return { bytes, contentType: response.headers.get("content-type") ?? "" };
    }
    throw new ProviderError(
      "PROVIDER_TOO_MANY_REDIRECTS",
      `${context.provider}: download redirected more than ${MAX_REDIRECTS} times`,
      "retryable",
    );
  } catch (error) {
    throw classifyFailure(error, { ...context, timedOut: limit.timedOut() });
  } finally {
    limit.dispose();
  }
}
