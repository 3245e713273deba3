import { demoLocation, PLATE_FRAME } from "./demo-locations.ts";
import { renderSvg, svgDocument } from "./svg.ts";

/** A location plate as SVG at any size (drawn in the 1280x720 frame and scaled). */
export function plateSvg(locationId: string, size: { width: number; height: number } = PLATE_FRAME): string {
  return svgDocument(
    size.width,
    size.height,
    PLATE_FRAME.width,
    PLATE_FRAME.height,
    demoLocation(locationId).svg,
  );
}

export async function drawPlate(
  locationId: string,
  size: { width: number; height: number } = PLATE_FRAME,
): Promise<Buffer> {
  return renderSvg(plateSvg(locationId, size));
}
