/**
 * Where figures stand in a panel: in manifest order, left to right, feet on one floor line and
 * one shared scale (so relative heights survive), sized by the camera's framing and spread so
 * no two overlap. A push-in end panel enlarges everyone and drifts them sideways.
 */
export interface FigureBox {
  /** Cut-out size in the reference's pixels. */
  width: number;
  height: number;
  /** Stature on the shared sheet scale. */
  heightFraction: number;
}

export interface Placement {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Share of the frame height the tallest figure in the shot fills. */
export function framingOf(camera: string, castSize: number): number {
  const text = camera.toLowerCase();
  let framing = 0.7;
  if (/\b(wide|establishing|full)\b/.test(text)) framing = 0.6;
  else if (/\bmedium close\b/.test(text)) framing = 0.8;
  else if (/\b(close|close-up|closeup)\b/.test(text)) framing = 0.86;
  else if (/\b(medium|mid)\b/.test(text)) framing = 0.72;
  return castSize > 3 ? Math.min(framing, 0.66) : framing;
}

export const FLOOR_LINE = 0.93;
const SIDE_MARGIN = 0.04;
const MIN_GAP = 0.03;

export function layoutFigures(
  boxes: readonly FigureBox[],
  frame: { width: number; height: number },
  framing: number,
  shift = 0,
): Placement[] {
  if (boxes.length === 0) return [];
  const tallest = Math.max(...boxes.map((b) => b.heightFraction));
  const sizeAt = (fill: number) =>
    boxes.map((b) => {
      const height = (fill * frame.height * b.heightFraction) / tallest;
      return { width: (b.width / b.height) * height, height };
    });
  let fill = Math.min(framing, FLOOR_LINE - 0.02);
  let sizes = sizeAt(fill);
  const usable = frame.width * (1 - 2 * SIDE_MARGIN);
  const needed = () =>
    sizes.reduce((sum, s) => sum + s.width, 0) + (boxes.length - 1) * MIN_GAP * frame.width;
  while (needed() > usable && fill > 0.2) {
    fill *= 0.95;
    sizes = sizeAt(fill);
  }
  const total = sizes.reduce((sum, s) => sum + s.width, 0);
  const gap = boxes.length > 1 ? Math.min((usable - total) / (boxes.length - 1), frame.width * 0.12) : 0;
  const span = total + gap * (boxes.length - 1);
  const room = (usable - span) / 2;
  let x = frame.width * SIDE_MARGIN + room + Math.max(-room, Math.min(room, shift * frame.width));
  const floor = frame.height * FLOOR_LINE;
  return sizes.map((s) => {
    const placed = {
      left: Math.round(x),
      top: Math.round(floor - s.height),
      width: Math.max(1, Math.round(s.width)),
      height: Math.max(1, Math.round(s.height)),
    };
    x += s.width + gap;
    return placed;
  });
}
