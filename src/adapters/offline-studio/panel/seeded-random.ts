import { createHash } from "node:crypto";

/**
 * A deterministic random stream from a key (mulberry32 seeded by a hash), so the same seed,
 * scene, shot, frame and attempt always draw the same panel and make the same mistakes.
 */
export type Random = () => number;

export function seededRandom(key: string): Random {
  let state = createHash("sha256").update(key).digest().readUInt32BE(0);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new RangeError("pick from an empty list");
  return item;
}
