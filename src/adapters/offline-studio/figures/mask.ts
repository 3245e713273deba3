/**
 * Binary masks and the few morphology steps the judge needs to turn "pixels that differ from
 * the plate" into whole figures: fill the holes inside an outlined figure (a red dress in front
 * of a red rug still has its dark outline), drop hairlines left by resampling, label blobs.
 */
export interface Mask {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface Box {
  x0: number;
  y0: number;
  /** Exclusive. */
  x1: number;
  y1: number;
}

export interface Blob {
  label: number;
  area: number;
  box: Box;
}

export function createMask(width: number, height: number): Mask {
  return { width, height, data: new Uint8Array(width * height) };
}

/**
 * Background pixels that cannot reach the image border become foreground, for enclosed regions
 * up to `maxArea` pixels: the inside of an outlined figure, not a whole window framed by noise.
 */
export function fillHoles(
  mask: Mask,
  maxArea = Number.POSITIVE_INFINITY,
  /** Vetoes holes: given the hole labelling and the label count, says which labels may be filled. */
  accept?: (region: Int32Array, labels: number) => boolean[],
): Mask {
  const { width, height, data } = mask;
  const out: Mask = { width, height, data: new Uint8Array(data) };
  // Label the background regions, then fill those that are enclosed and small enough.
  const region = new Int32Array(width * height);
  const stack = new Int32Array(width * height);
  const areas: number[] = [0];
  const enclosed: boolean[] = [false];
  for (let start = 0; start < data.length; start++) {
    if (data[start] !== 0 || region[start] !== 0) continue;
    const label = areas.length;
    let area = 0;
    let touchesBorder = false;
    let top = 0;
    region[start] = label;
    stack[top++] = start;
    while (top > 0) {
      const i = stack[--top] as number;
      area++;
      const x = i % width;
      const y = (i - x) / width;
      if (x === 0 || y === 0 || x === width - 1 || y === height - 1) touchesBorder = true;
      if (x > 0 && data[i - 1] === 0 && region[i - 1] === 0) {
        region[i - 1] = label;
        stack[top++] = i - 1;
      }
      if (x < width - 1 && data[i + 1] === 0 && region[i + 1] === 0) {
        region[i + 1] = label;
        stack[top++] = i + 1;
      }
      if (y > 0 && data[i - width] === 0 && region[i - width] === 0) {
        region[i - width] = label;
        stack[top++] = i - width;
      }
      if (y < height - 1 && data[i + width] === 0 && region[i + width] === 0) {
        region[i + width] = label;
        stack[top++] = i + width;
      }
    }
    areas.push(area);
    enclosed.push(!touchesBorder && area <= maxArea);
  }
  if (accept) {
    const allowed = accept(region, enclosed.length);
    for (let label = 1; label < enclosed.length; label++)
      enclosed[label] = (enclosed[label] ?? false) && (allowed[label] ?? false);
  }
  for (let i = 0; i < region.length; i++) if (enclosed[region[i] as number]) out.data[i] = 1;
  return out;
}

function morph(mask: Mask, radius: number, keepIf: "all" | "any"): Mask {
  const { width, height } = mask;
  const want = keepIf === "all" ? 1 : 0;
  // Separable square structuring element: a row pass, then a column pass. A pixel keeps its
  // value unless some neighbour within the radius differs from `want` (erosion) or equals 1 (dilation).
  const pass = (src: Uint8Array, dx: number, dy: number) => {
    const dst = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let value = want;
        for (let d = -radius; d <= radius; d++) {
          const nx = x + d * dx;
          const ny = y + d * dy;
          const v = nx >= 0 && nx < width && ny >= 0 && ny < height ? (src[ny * width + nx] as number) : 0;
          if (v !== want) {
            value = v;
            break;
          }
        }
        dst[y * width + x] = value;
      }
    }
    return dst;
  };
  return { width, height, data: pass(pass(mask.data, 1, 0), 0, 1) };
}

/** Dilation then erosion: bridges gaps thinner than 2·radius+1 (an ink line lost against a dark pole). */
export function closeMask(mask: Mask, radius: number): Mask {
  return morph(morph(mask, radius, "any"), radius, "all");
}

/** Erosion then dilation: removes lines thinner than 2·radius+1 and keeps larger shapes. */
export function openMask(mask: Mask, radius: number): Mask {
  return morph(morph(mask, radius, "all"), radius, "any");
}

/** 8-connected labelling; labels start at 1, 0 is background. */
export function labelBlobs(mask: Mask): { labels: Int32Array; blobs: Blob[] } {
  const { width, height, data } = mask;
  const labels = new Int32Array(width * height);
  const blobs: Blob[] = [];
  const stack: number[] = [];
  for (let start = 0; start < data.length; start++) {
    if (data[start] === 0 || labels[start] !== 0) continue;
    const label = blobs.length + 1;
    const blob: Blob = { label, area: 0, box: { x0: width, y0: height, x1: 0, y1: 0 } };
    labels[start] = label;
    stack.push(start);
    while (stack.length > 0) {
      const i = stack.pop() as number;
      const x = i % width;
      const y = (i - x) / width;
      blob.area++;
      if (x < blob.box.x0) blob.box.x0 = x;
      if (y < blob.box.y0) blob.box.y0 = y;
      if (x + 1 > blob.box.x1) blob.box.x1 = x + 1;
      if (y + 1 > blob.box.y1) blob.box.y1 = y + 1;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const j = ny * width + nx;
          if (data[j] !== 0 && labels[j] === 0) {
            labels[j] = label;
            stack.push(j);
          }
        }
      }
    }
    blobs.push(blob);
  }
  return { labels, blobs };
}

/** The pixels of one or more labelled blobs as a mask the size of `box`. */
export function blobMask(labels: Int32Array, width: number, box: Box, members: ReadonlySet<number>): Mask {
  const { x0, y0, x1, y1 } = box;
  const out = createMask(x1 - x0, y1 - y0);
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      if (members.has(labels[y * width + x] as number)) out.data[(y - y0) * out.width + (x - x0)] = 1;
    }
  }
  return out;
}
