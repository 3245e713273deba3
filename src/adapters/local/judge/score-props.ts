import type { Criterion } from "../../../core/scores.ts";
import { isSetDressing, propSignature } from "../pixels/prop-signatures.ts";
import type { SceneReading } from "./read-scene.ts";

/**
 * Props, as far as pixels allow: the few the studio paints in known colours are looked for in
 * front of the plate (loose props apart from the figures, held props anywhere); props that are
 * part of the set stand or fall with the location; anything else is said to be not measured.
 */
function countNear(
  reading: SceneReading,
  colours: readonly (readonly [number, number, number])[],
  held: boolean,
): number {
  const { frame, differs, figurePixels } = reading;
  let count = 0;
  for (let p = 0, i = 0; p < differs.data.length; p++, i += 4) {
    if (!differs.data[p] || (!held && figurePixels[p])) continue;
    const r = frame.data[i] ?? 0;
    const g = frame.data[i + 1] ?? 0;
    const b = frame.data[i + 2] ?? 0;
    if (colours.some((c) => (r - c[0]) ** 2 + (g - c[1]) ** 2 + (b - c[2]) ** 2 < 40 * 40)) count++;
  }
  return count;
}

export function scoreProps(props: readonly string[], reading: SceneReading, location: Criterion): Criterion {
  if (props.length === 0) return { score: 1, reason: "no key props in the manifest" };
  const needed = Math.max(6, reading.frame.width * reading.frame.height * 0.00004);
  const notes: { prop: string; score: number; note: string }[] = [];
  for (const prop of props) {
    const signature = propSignature(prop);
    if (signature) {
      const found = countNear(reading, signature.colours, signature.held);
      notes.push(found >= needed ? { prop, score: 1, note: "seen" } : { prop, score: 0.2, note: "not seen" });
    } else if (isSetDressing(prop)) {
      notes.push({ prop, score: location.score, note: "part of the plate, judged with the location" });
    } else {
      notes.push({ prop, score: 1, note: "not measured offline" });
    }
  }
  const score = Math.min(...notes.map((n) => n.score));
  return { score, reason: notes.map((n) => `${n.prop}: ${n.note}`).join("; ") };
}
