/**
 * Which frames of a clip are looked at: first, middle and last, plus samples from the last
 * 10-15%, where start+end generation fails (the end frame ignored, a snap or morph into it,
 * a frozen hold). The judge scores the middle and the last; the free tier measures them all.
 */
export interface PlannedFrame {
  label: string;
  atSeconds: number;
  judged: boolean;
}

export function keyframePlan(durationSeconds: number): PlannedFrame[] {
  const d = durationSeconds;
  return [
    { label: "first", atSeconds: 0, judged: false },
    { label: "middle", atSeconds: d / 2, judged: true },
    { label: "tail-87", atSeconds: d * 0.87, judged: false },
    { label: "tail-91", atSeconds: d * 0.91, judged: false },
    { label: "tail-95", atSeconds: d * 0.95, judged: false },
    { label: "last", atSeconds: d, judged: true },
  ];
}
