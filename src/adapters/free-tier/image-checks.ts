import type { ImageCheckInput, LocalFinding } from "../../ports/local-checks.ts";
import { ramp } from "./pixels/colour.ts";
import { frameHealth } from "./pixels/frame-health.ts";
import { fitPlate, platePyramid } from "./pixels/plate-fit.ts";
import { decodeRaster, imageSize, type Raster } from "./pixels/raster.ts";

/**
 * The free local tier for stills: measurements on pixels that run before any judge call and can
 * fail a panel on their own. One finding per thing measured, each scored in [0,1] (high when
 * fine) with the numbers in its reason: readable, size and aspect, not black, not blank, and how
 * much of the frame shows the location plate.
 */
const ANALYSIS_WIDTH = 640;
const PLATE_WIDTH = 1280;

async function decodeAtMost(bytes: Buffer, maxWidth: number): Promise<Raster> {
  const size = await imageSize(bytes);
  if (size.width <= maxWidth) return decodeRaster(bytes);
  return decodeRaster(bytes, {
    width: maxWidth,
    height: Math.max(1, Math.round((maxWidth * size.height) / size.width)),
  });
}

function sizeFinding(
  width: number,
  height: number,
  expectedWidth: number,
  expectedHeight: number,
): LocalFinding {
  const asked = `${expectedWidth}x${expectedHeight}`;
  if (width === expectedWidth && height === expectedHeight)
    return { criterion: "artifacts", score: 1, reason: `${width}x${height} as requested` };
  const aspectOff = Math.abs(width / height / (expectedWidth / expectedHeight) - 1);
  if (aspectOff <= 0.01) {
    return {
      criterion: "artifacts",
      score: 0.3,
      reason: `${width}x${height} instead of ${asked} (right aspect, wrong size)`,
    };
  }
  return {
    criterion: "artifacts",
    score: 0,
    reason: `${width}x${height} instead of ${asked}: aspect ${(width / height).toFixed(3)}, not ${(expectedWidth / expectedHeight).toFixed(3)}`,
  };
}

export async function checkImage(input: ImageCheckInput): Promise<LocalFinding[]> {
  let frame: Raster;
  let size: { width: number; height: number };
  try {
    size = await imageSize(input.bytes);
    frame = await decodeAtMost(input.bytes, ANALYSIS_WIDTH);
  } catch (error) {
    return [
      { criterion: "artifacts", score: 0, reason: `not a readable image (${(error as Error).message})` },
    ];
  }
  const health = frameHealth(frame);
  const findings: LocalFinding[] = [
    sizeFinding(size.width, size.height, input.expectedWidth, input.expectedHeight),
    { criterion: "artifacts", ...health.black },
    { criterion: "artifacts", ...health.flat },
  ];
  try {
    const plate = await decodeAtMost(input.plate, PLATE_WIDTH);
    const fit = await fitPlate(frame, await platePyramid(plate));
    const score = ramp(fit.match, 0.55, 0.3);
    const zoom = 1 / fit.width;
    findings.push({
      criterion: "location",
      score,
      reason:
        score >= 0.8
          ? `${Math.round(fit.match * 100)}% of the frame shows the location plate${zoom > 1.02 ? ` (pushed in ${zoom.toFixed(2)}x)` : ""}`
          : `only ${Math.round(fit.match * 100)}% of the frame matches the location plate anywhere: background far from the plate`,
    });
  } catch (error) {
    findings.push({
      criterion: "location",
      score: 0,
      reason: `the location plate could not be read (${(error as Error).message})`,
    });
  }
  return findings;
}
