import { createHash } from "node:crypto";

/**
 * A small per-instance cache keyed by the content of a buffer: references arrive as bytes with
 * every request, and measuring a turnaround is the slow part. Bounded, oldest out first.
 */
export function createMemo<T>(limit = 32) {
  const entries = new Map<string, Promise<T>>();
  return (bytes: Buffer, compute: () => Promise<T>): Promise<T> => {
    const key = createHash("sha1").update(bytes).digest("hex");
    const hit = entries.get(key);
    if (hit) {
      entries.delete(key);
      entries.set(key, hit);
      return hit;
    }
    const value = compute();
    // A failed measurement is not remembered: the next request tries again.
    value.catch(() => entries.delete(key));
    entries.set(key, value);
    while (entries.size > limit) entries.delete(entries.keys().next().value as string);
    return value;
  };
}
