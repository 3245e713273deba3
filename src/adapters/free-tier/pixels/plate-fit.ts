import { type Raster, rasterToSharp, resizeRaster } from "./raster.ts";

/**
 * Where a frame sits on its location plate. A panel may show the whole plate or a push-in on
 * part of it, so the fit searches zoom and offset on small copies and reports how much of the
 * frame still shows the plate. The window is in fractions of the plate's width and height.
 */
export interface PlateFit {
  left: number;
  top: number;
  width: number;
  height: number;
  /** Fraction of the frame's pixels that show the plate through this window. */
  match: number;
}

const SAME_PIXEL = 40;
// Geometric steps of about 8%: the first refinement (±4.5%) covers the space between two of them.
const ZOOMS = [1, 1.08, 1.17, 1.26, 1.36, 1.47, 1.59, 1.72, 1.86, 2.01];

interface Window {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Agreement between the frame and the plate through a window (in plate pixels). "count" is the
 * share of sampled pixels that match, robust to figures but flat near the optimum; "smooth"
 * (for the final steps) is one minus a truncated mean squared difference, which keeps improving
 * until the window is exact.
 */
function score(
  panel: Raster,
  plate: Raster,
  w: Window,
  stride: number,
  mode: "count" | "smooth" = "count",
): number {
  const sx = w.width / panel.width;
  const sy = w.height / panel.height;
  // Sample positions in plate pixel-centre coordinates; "smooth" samples bilinearly, so the exact
  // window (where a frame pixel is the average of the plate pixels it came from) scores best.
  const xs: number[] = [];
  for (let x = 0; x < panel.width; x += stride)
    xs.push(Math.min(plate.width - 1.001, Math.max(0, w.left + (x + 0.5) * sx - 0.5)));
  const limit = SAME_PIXEL * SAME_PIXEL;
  const a = panel.data;
  const b = plate.data;
  const pw = plate.width;
  let hits = 0;
  let total = 0;
  for (let y = 0; y < panel.height; y += stride) {
    const fy = Math.min(plate.height - 1.001, Math.max(0, w.top + (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const ty = fy - y0;
    const panelRow = y * panel.width;
    for (let c = 0; c < xs.length; c++) {
      const fx = xs[c] as number;
      const x0 = Math.floor(fx);
      const i = (panelRow + c * stride) * 4;
      let r: number;
      let g: number;
      let bl: number;
      if (mode === "count") {
        const j = (Math.round(fy) * pw + Math.round(fx)) * 4;
        r = b[j] as number;
        g = b[j + 1] as number;
        bl = b[j + 2] as number;
      } else {
        const tx = fx - x0;
        const j00 = (y0 * pw + x0) * 4;
        const j01 = j00 + 4;
        const j10 = j00 + pw * 4;
        const j11 = j10 + 4;
        const w00 = (1 - tx) * (1 - ty);
        const w01 = tx * (1 - ty);
        const w10 = (1 - tx) * ty;
        const w11 = tx * ty;
        r =
          (b[j00] as number) * w00 +
          (b[j01] as number) * w01 +
          (b[j10] as number) * w10 +
          (b[j11] as number) * w11;
        g =
          (b[j00 + 1] as number) * w00 +
          (b[j01 + 1] as number) * w01 +
          (b[j10 + 1] as number) * w10 +
          (b[j11 + 1] as number) * w11;
        bl =
          (b[j00 + 2] as number) * w00 +
          (b[j01 + 2] as number) * w01 +
          (b[j10 + 2] as number) * w10 +
          (b[j11 + 2] as number) * w11;
      }
      const dr = (a[i] as number) - r;
      const dg = (a[i + 1] as number) - g;
      const db = (a[i + 2] as number) - bl;
      const d2 = dr * dr + dg * dg + db * db;
      if (mode === "count") {
        if (d2 < limit) hits++;
      } else hits += 1 - Math.min(d2, TRUNCATE) / TRUNCATE;
    }
    total += xs.length;
  }
  return total === 0 ? 0 : hits / total;
}

const TRUNCATE = 60 * 60;

/** Best window near `start` (fractions) over small zoom and offset changes, at one scale. */
function refine(
  panel: Raster,
  plate: Raster,
  start: Window,
  zoomSpan: number,
  zoomStep: number,
  shiftSpan: number,
  shiftStep: number,
  stride: number,
  mode: "count" | "smooth" = "count",
) {
  const aspect = panel.width / panel.height;
  let best = { window: start, match: -1 };
  for (let dz = -zoomSpan; dz <= zoomSpan + 1e-9; dz += zoomStep) {
    const width = Math.min(plate.width, start.width * plate.width * (1 + dz));
    const height = width / aspect;
    const cx = (start.left + start.width / 2) * plate.width;
    const cy = (start.top + start.height / 2) * plate.height;
    for (let dy = -shiftSpan; dy <= shiftSpan + 1e-9; dy += shiftStep) {
      for (let dx = -shiftSpan; dx <= shiftSpan + 1e-9; dx += shiftStep) {
        const left = Math.max(0, Math.min(plate.width - width, cx - width / 2 + dx));
        const top = Math.max(0, Math.min(plate.height - height, cy - height / 2 + dy));
        const match = score(panel, plate, { left, top, width, height }, stride, mode);
        if (match > best.match) {
          best = {
            window: {
              left: left / plate.width,
              top: top / plate.height,
              width: width / plate.width,
              height: height / plate.height,
            },
            match,
          };
        }
      }
    }
  }
  return best;
}

/**
 * Coordinate descent on zoom and offset at full resolution: step each parameter both ways, keep
 * any improvement, halve the steps when none helps. Lands within a fraction of a pixel.
 */
function polish(panel: Raster, plate: Raster, start: Window): { window: Window; match: number } {
  const aspect = panel.width / panel.height;
  let cx = (start.left + start.width / 2) * plate.width;
  let cy = (start.top + start.height / 2) * plate.height;
  let width = start.width * plate.width;
  const evaluate = (x: number, y: number, w: number) => {
    const h = w / aspect;
    const win = {
      left: Math.max(0, Math.min(plate.width - w, x - w / 2)),
      top: Math.max(0, Math.min(plate.height - h, y - h / 2)),
      width: w,
      height: h,
    };
    return { win, match: w > plate.width + 1e-6 ? -1 : score(panel, plate, win, 4, "smooth") };
  };
  let current = evaluate(cx, cy, width);
  let shift = plate.width / panel.width;
  let zoom = 0.004;
  for (let round = 0; round < 24 && shift > 0.05; round++) {
    const trials = [
      [cx + shift, cy, width],
      [cx - shift, cy, width],
      [cx, cy + shift, width],
      [cx, cy - shift, width],
      [cx, cy, width * (1 + zoom)],
      [cx, cy, width * (1 - zoom)],
    ] as const;
    let improved = false;
    for (const [x, y, w] of trials) {
      const trial = evaluate(x, y, w);
      if (trial.match > current.match + 1e-6) {
        current = trial;
        cx = x;
        cy = y;
        width = w;
        improved = true;
      }
    }
    if (!improved) {
      shift /= 2;
      zoom /= 2;
    }
  }
  const w = current.win;
  return {
    window: {
      left: w.left / plate.width,
      top: w.top / plate.height,
      width: w.width / plate.width,
      height: w.height / plate.height,
    },
    match: current.match,
  };
}

function toPixels(w: Window, plate: Raster): Window {
  return {
    left: w.left * plate.width,
    top: w.top * plate.height,
    width: w.width * plate.width,
    height: w.height * plate.height,
  };
}

/**
 * Searches zoom and offset coarse to fine: every zoom on small copies, then two refinements at
 * higher resolution, because a window off by two pixels turns every edge of the set into a line
 * of "foreground".
 */
/** A plate at the three scales the fit works at; build once per plate and reuse. */
export interface PlatePyramid {
  full: Raster;
  middle: Raster;
  small: Raster;
}

export async function platePyramid(plate: Raster): Promise<PlatePyramid> {
  const at = (width: number) =>
    plate.width > width
      ? resizeRaster(plate, width, Math.max(1, Math.round((width * plate.height) / plate.width)))
      : plate;
  return { full: plate, middle: await at(640), small: await at(320) };
}

export async function fitPlate(panel: Raster, pyramid: PlatePyramid): Promise<PlateFit> {
  const plate = pyramid.full;
  const plateSmall = pyramid.small;
  const small = await resizeRaster(panel, 128, Math.max(1, Math.round((128 * panel.height) / panel.width)));
  const aspect = small.width / small.height;
  const baseW = Math.min(plateSmall.width, plateSmall.height * aspect);
  // Keep the three best coarse windows (and the whole plate, the common case) for refinement:
  // figures hide much of the set, and the single best coarse guess is sometimes a near miss.
  const whole: Window = {
    left: (1 - baseW / plateSmall.width) / 2,
    top: 0,
    width: baseW / plateSmall.width,
    height: baseW / aspect / plateSmall.height,
  };
  const top3: { window: Window; match: number }[] = [];
  const step = 5;
  for (const zoom of ZOOMS) {
    const w = baseW / zoom;
    const h = w / aspect;
    for (let top = 0; top <= plateSmall.height - h + 0.01; top += step) {
      for (let left = 0; left <= plateSmall.width - w + 0.01; left += step) {
        const match = score(small, plateSmall, { left, top, width: w, height: h }, 5);
        if (top3.length < 3 || match > (top3[2]?.match ?? -1)) {
          top3.push({
            window: {
              left: left / plateSmall.width,
              top: top / plateSmall.height,
              width: w / plateSmall.width,
              height: h / plateSmall.height,
            },
            match,
          });
          top3.sort((a, b) => b.match - a.match);
          top3.length = Math.min(3, top3.length);
        }
      }
    }
  }
  let best = { window: whole, match: -1 };
  for (const start of [whole, ...top3.slice(0, 2).map((t) => t.window)]) {
    const refined = refine(small, plateSmall, start, 0.045, 0.0225, 4, 2, 3, "smooth");
    if (refined.match > best.match) best = refined;
  }
  best = refine(small, plateSmall, best.window, 0.015, 0.005, 1, 1, 2, "smooth");
  const middle = await resizeRaster(panel, 320, Math.max(1, Math.round((320 * panel.height) / panel.width)));
  const plateMiddle = pyramid.middle;
  best = refine(middle, plateMiddle, best.window, 0.008, 0.004, 2, 1, 4, "smooth");
  best = polish(panel, plate, best.window);
  return { ...best.window, match: score(panel, plate, toPixels(best.window, plate), 2) };
}

/** The plate seen through a fit's window, at the frame's size. */
export async function platePart(
  plate: Raster,
  fit: Omit<PlateFit, "match">,
  width: number,
  height: number,
): Promise<Raster> {
  const left = Math.max(0, Math.min(plate.width - 1, Math.round(fit.left * plate.width)));
  const top = Math.max(0, Math.min(plate.height - 1, Math.round(fit.top * plate.height)));
  const w = Math.max(1, Math.min(plate.width - left, Math.round(fit.width * plate.width)));
  const h = Math.max(1, Math.min(plate.height - top, Math.round(fit.height * plate.height)));
  const { data, info } = await rasterToSharp(plate)
    .extract({ left, top, width: w, height: h })
    .resize(width, height, { fit: "fill", kernel: "linear" })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
  };
}
