import type { Criterion } from "../../core/scores.ts";
import type { Rgb } from "../free-tier/pixels/colour.ts";
import { blendOf } from "../offline-studio/figures/centre-line.ts";
import { isSetDressing, propSignature } from "../offline-studio/figures/prop-signatures.ts";
import type { SceneReading } from "./read-scene.ts";

/**
 * Props, as far as pixels allow: the few the studio paints in known colours are looked for in
 * front of the plate (loose props apart from the figures, held props anywhere); props that are
 * part of the set stand or fall with the location; anything else is said to be not measured.
 */
export interface PropContext {
  /** The studio's outline colour: a prop a few pixels across is half outline in a soft frame. */
  ink: Rgb;
  /** A video keyframe, where the camera may have pushed a prop at the panel's edge out of frame. */
  keyframe: boolean;
}

/**
 * Pixels showing one of the colours: near it, or (for a prop a few pixels across, such as keys
 * in a hand) mostly it with some of the outline mixed in, as a video softens small things.
 */
function countNear(reading: SceneReading, colours: readonly Rgb[], held: boolean, ink: Rgb): number {
  const { frame, differs, figurePixels } = reading;
  let count = 0;
  for (let p = 0, i = 0; p < differs.data.length; p++, i += 4) {
    if (!differs.data[p] || (!held && figurePixels[p])) continue;
    const pixel: Rgb = [frame.data[i] ?? 0, frame.data[i + 1] ?? 0, frame.data[i + 2] ?? 0];
    const [r, g, b] = pixel;
    if (
      colours.some(
        (c) =>
          (r - c[0]) ** 2 + (g - c[1]) ** 2 + (b - c[2]) ** 2 < 40 * 40 || blendOf(pixel, c, ink, 0.35, 20),
      )
    )
      count++;
  }
  return count;
}

/** How far in a frame is pushed on the set (the share of the plate's width it leaves out). */
const PUSHED_IN = 0.02;

export function scoreProps(
  props: readonly string[],
  reading: SceneReading,
  location: Criterion,
  context: PropContext,
): Criterion {
  if (props.length === 0) return { score: 1, reason: "no key props in the manifest" };
  const needed = Math.max(6, reading.frame.width * reading.frame.height * 0.00004);
  const notes: { prop: string; score: number; note: string }[] = [];
  for (const prop of props) {
    const signature = propSignature(prop);
    if (signature) {
      const found = countNear(reading, signature.colours, signature.held, context.ink);
      const pushedIn = 1 - reading.fit.width;
      if (found >= needed) notes.push({ prop, score: 1, note: "seen" });
      else if (context.keyframe && !signature.held && reading.foundBy === "plate" && pushedIn >= PUSHED_IN)
        // The studio sets loose props near the panel's edge (toys at the front of the rug) and a
        // push-in crops the edges: the panel gate saw them; here absence is not evidence.
        notes.push({
          prop,
          score: 0.65,
          note: `not seen, but this frame is pushed in ${Math.round(pushedIn * 100)}% on the set and a loose prop at the panel's edge leaves the frame (checked on the panel)`,
        });
      else notes.push({ prop, score: 0.2, note: "not seen" });
    } else if (isSetDressing(prop)) {
      notes.push({ prop, score: location.score, note: "part of the plate, judged with the location" });
    } else {
      notes.push({ prop, score: 1, note: "not measured offline" });
    }
  }
  const score = Math.min(...notes.map((n) => n.score));
  return { score, reason: notes.map((n) => `${n.prop}: ${n.note}`).join("; ") };
}
