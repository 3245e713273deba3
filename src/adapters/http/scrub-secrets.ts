/**
 * Provider errors end up in chat threads, logs and the database, so nothing that could carry a
 * key may leave an adapter unscrubbed: the configured keys themselves, and the usual places a key
 * hides in a URL or header even when it is not one we know (a `key=` query parameter, a bearer token).
 */
const REDACTED = "[redacted]";

export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    // Short strings would redact ordinary words; real keys are long.
    if (secret.length >= 8) out = out.split(secret).join(REDACTED);
  }
  return out
    .replace(/([?&](?:key|api_key|apikey|access_token)=)[^&\s"'<>]+/gi, `$1${REDACTED}`)
    .replace(/(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, `$1${REDACTED}`)
    .replace(/(x-goog-api-key["']?\s*[:=]\s*["']?)[^"'\s,}]+/gi, `$1${REDACTED}`);
}

/** Scrubs every string inside a JSON-like value (error details are built from provider bodies). */
export function scrubValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === "string") return scrubSecrets(value, secrets);
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, secrets));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = scrubValue(item, secrets);
    return out;
  }
  return value;
}
