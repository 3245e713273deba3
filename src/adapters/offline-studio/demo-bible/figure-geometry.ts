import type { CharacterDesign } from "./demo-cast.ts";

/**
 * Proportions of a standing figure in the studio's style, in pixels, with the origin at the
 * crown of the head. Body measures are relative to the shoulder line so that a garment overlay
 * can be placed on any figure whose shoulder line, feet and width were measured from pixels.
 */
export interface BodyFrame {
  /** Shoulder line (top of the torso), px below the crown. */
  shoulderY: number;
  /** Soles of the feet, px below the crown. */
  footY: number;
  /** Across shoulders and arms (wings for a toy). */
  width: number;
}

export interface FigureGeometry extends BodyFrame {
  height: number;
  /** Crown to chin. */
  head: number;
}

export function figureGeometry(design: CharacterDesign, heightPx: number): FigureGeometry {
  const head = design.head * heightPx;
  return { height: heightPx, head, shoulderY: head * 1.02, footY: heightPx, width: design.build * heightPx };
}

/** Derived body parts, shared by the body drawing and the garment overlay. */
export function bodyParts(frame: BodyFrame) {
  const length = frame.footY - frame.shoulderY;
  const torso = frame.width * 0.62;
  const arm = frame.width * 0.19;
  return {
    length,
    torso,
    arm,
    waistY: frame.shoulderY + 0.48 * length,
    armBottomY: frame.shoulderY + 0.44 * length,
    handY: frame.shoulderY + 0.47 * length,
    legTopY: frame.shoulderY + 0.46 * length,
    shoeTopY: frame.footY - 0.06 * length,
    leg: torso * 0.42,
    legGap: torso * 0.08,
  };
}
