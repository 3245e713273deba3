import type { ImageCheckInput, LocalFinding } from "../../ports/local-checks.ts";
import { COPY_BELOW, changedShare, thumbnail } from "./handed-back.ts";
import { ramp } from "./pixels/colour.ts";
import { largestFlatBand } from "./pixels/cut-off.ts";
import { frameHealth } from "./pixels/frame-health.ts";
import { fitPlate, type PlatePyramid, platePyramid } from "./pixels/plate-fit.ts";
import { decodeRaster, imageSize, type Raster } from "./pixels/raster.ts";

/**
 * The free tier for stills: measurements on pixels that run before any judge call. One finding
 * per thing measured, each scored in [0,1] (high when fine) with the numbers in its reason.
 * Decisive (certain on any model's output): readable, size and aspect, not black, not blank, not
 * half cut off, not a reference handed back. Advisory unless the offline studio drew the panel:
 * how much of the frame shows the location plate pixel for pixel, because a real model re-renders
 * the room and matches its plate on a fraction of the frame even when the panel is right.
 */
const ANALYSIS_WIDTH = 640;
const PLATE_WIDTH = 1280;
/**
 * How far (relative) the aspect may be from the frame's: the panel stage fits anything within 3%
 * (ffmpeg-media-tools' fitFrame; 1344x768 is 1.6% off 16:9), so beyond that the model answered
 * in another shape, which no judge can make right.
 */
export const ASPECT_TOLERANCE = 0.03;
/**
 * A flat band from an edge over this share of the frame is a cut-off picture. Measured: a
 * truncated render fills 50%; the realism suite's good variants (letterbox-free fits, plain walls,
 * blur σ 2, JPEG q50) stay under 20%.
 */
const CUT_OFF_SHARE = 0.35;

export interface FreeTierOptions {
  /**
   * The offline studio drew the artifacts, so its plate is pixel-exact in them and a background
   * far from the plate is certain: location by pixels may decide. False for any real model.
   */
  studioArtifacts: boolean;
  /**
   * Decoded plates by their bytes: one shot checks many images (panel, keyframes) against one
   * plate, and decoding it is most of a check's time. Owned by whoever created the free tier.
   */
  plates?: WeakMap<Buffer, Promise<PlatePyramid>>;
}

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
    return { criterion: "artifacts", score: 1, reason: `${width}x${height} as requested`, decisive: true };
  const aspectOff = Math.abs(width / height / (expectedWidth / expectedHeight) - 1);
  if (aspectOff <= ASPECT_TOLERANCE) {
    return {
      criterion: "artifacts",
      score: 0.3,
      reason: `${width}x${height} instead of ${asked} (right aspect, not fitted to the frame)`,
      decisive: true,
    };
  }
  return {
    criterion: "artifacts",
    score: 0,
    reason: `${width}x${height} instead of ${asked}: aspect ${(width / height).toFixed(3)}, not ${(expectedWidth / expectedHeight).toFixed(3)}`,
    decisive: true,
  };
}

export async function checkImage(
  input: ImageCheckInput,
  options: FreeTierOptions = { studioArtifacts: false },
): Promise<LocalFinding[]> {
  let frame: Raster;
  let size: { width: number; height: number };
  try {
    size = await imageSize(input.bytes);
    frame = await decodeAtMost(input.bytes, ANALYSIS_WIDTH);
  } catch (error) {
    return [
      {
        criterion: "artifacts",
        score: 0,
        reason: `not a readable image (${(error as Error).message})`,
        decisive: true,
      },
    ];
  }
  const health = frameHealth(frame);
  const band = largestFlatBand(frame);
  const findings: LocalFinding[] = [
    sizeFinding(size.width, size.height, input.expectedWidth, input.expectedHeight),
    { criterion: "artifacts", ...health.black, decisive: true },
    { criterion: "artifacts", ...health.flat, decisive: true },
    {
      criterion: "artifacts",
      score: band.share > CUT_OFF_SHARE ? 0 : 1,
      reason:
        band.share > CUT_OFF_SHARE
          ? `cut off: ${Math.round(band.share * 100)}% of the frame from the ${band.edge} is one flat fill`
          : "the picture fills the frame",
      decisive: true,
    },
    ...(await handedBackFindings(input)),
  ];
  findings.push({
    ...(await locationFinding(frame, input.plate, options.plates)),
    decisive: options.studioArtifacts,
  });
  return findings;
}

/**
 * The plate is only checked when the shot has a cast: an empty establishing shot may rightly be
 * the room as the plate shows it.
 */
async function handedBackFindings(input: ImageCheckInput): Promise<LocalFinding[]> {
  const turnarounds = input.turnarounds ?? [];
  const references = [
    ...(turnarounds.length > 0 ? [{ what: "the location plate", bytes: input.plate }] : []),
    ...turnarounds.map((bytes, i) => ({ what: `turnaround ${i + 1} of the cast`, bytes })),
  ];
  if (references.length === 0) return [];
  const answer = await thumbnail(input.bytes);
  let closest = { what: "", share: 1 };
  for (const reference of references) {
    const share = await thumbnail(reference.bytes)
      .then((pixels) => changedShare(answer, pixels))
      .catch(() => 1);
    if (share < closest.share) closest = { what: reference.what, share };
  }
  const copy = closest.share < COPY_BELOW;
  return [
    {
      criterion: "artifacts",
      score: copy ? 0 : 1,
      reason: copy
        ? `the model handed back ${closest.what} (only ${(closest.share * 100).toFixed(1)}% of the frame differs from it)`
        : `not a copy of a reference (closest: ${closest.what}, ${(closest.share * 100).toFixed(0)}% differs)`,
      decisive: true,
    },
  ];
}

async function locationFinding(
  frame: Raster,
  plateBytes: Buffer,
  plates: WeakMap<Buffer, Promise<PlatePyramid>> | undefined,
): Promise<Omit<LocalFinding, "decisive">> {
  try {
    let pyramid = plates?.get(plateBytes);
    if (!pyramid) {
      pyramid = decodeAtMost(plateBytes, PLATE_WIDTH).then(platePyramid);
      plates?.set(plateBytes, pyramid);
    }
    const fit = await fitPlate(frame, await pyramid);
    const score = ramp(fit.match, 0.55, 0.3);
    const zoom = 1 / fit.width;
    return {
      criterion: "location",
      score,
      reason:
        score >= 0.8
          ? `${Math.round(fit.match * 100)}% of the frame shows the location plate${zoom > 1.02 ? ` (pushed in ${zoom.toFixed(2)}x)` : ""}`
          : `only ${Math.round(fit.match * 100)}% of the frame matches the location plate anywhere: background far from the plate`,
    };
  } catch (error) {
    return {
      criterion: "location",
      score: 0,
      reason: `the location plate could not be read (${(error as Error).message})`,
    };
  }
}
