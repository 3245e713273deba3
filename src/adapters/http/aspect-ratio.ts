/**
 * Providers take a named aspect ratio, not pixel sizes: pick the supported ratio closest to the
 * requested frame (compared on a log scale so 2:1 and 1:2 are equally far from 1:1).
 */
export function nearestAspectRatio(width: number, height: number, supported: readonly string[]): string {
  const target = Math.log(width / height);
  let best = supported[0] ?? "16:9";
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const ratio of supported) {
    const [w, h] = ratio.split(":").map(Number);
    if (!w || !h) continue;
    const distance = Math.abs(Math.log(w / h) - target);
    if (distance < bestDistance) [best, bestDistance] = [ratio, distance];
  }
  return best;
}
