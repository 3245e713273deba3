/**
 * Which frames of a clip are looked at: first, middle and last, samples through the body (to see
 * its pace and catch black or frozen stretches) and several from the last 10-15%, where
 * start+end generation fails (the end frame ignored, a snap or morph into it, a frozen hold).
 * The judge scores the middle and the last; the free tier measures them all.
 */
export interface PlannedFrame {
  label: string;
  atSeconds: number;
  judged: boolean;
}

const BODY = [0.25, 0.5, 0.75];
const TAIL = [0.86, 0.89, 0.92, 0.95, 0.98];

export function keyframePlan(durationSeconds: number, frames = false): PlannedFrame[] {
  const at = (fraction: number) => durationSeconds * fraction;
  return [
    { label: "first", atSeconds: 0, judged: false },
    ...BODY.map((fraction) => ({
      label: fraction === 0.5 ? "middle" : `body-${fraction * 100}`,
      atSeconds: at(fraction),
      // In Frames mode the middle is a transition between two validated panels, not a still to
      // hold against the references; the pixel tier still measures it (black, frozen, pace).
      judged: fraction === 0.5 && !frames,
    })),
    ...TAIL.map((fraction) => ({
      label: `tail-${Math.round(fraction * 100)}`,
      atSeconds: at(fraction),
      judged: false,
    })),
    { label: "last", atSeconds: durationSeconds, judged: true },
  ];
}
