import sharp from "sharp";
import type { Shot } from "../../../core/manifest.ts";
import { demoLocations, PLATE_FRAME } from "../demo-bible/demo-locations.ts";
import { drawPlate } from "../demo-bible/draw-plate.ts";
import { pick, type Random } from "./seeded-random.ts";

/**
 * The set behind a panel: the location plate seen through a camera window (the whole plate, a
 * close-up on something the camera names, a push-in for an end panel), or, when the model gets
 * it wrong, another set entirely.
 */
export interface Background {
  png: Buffer;
  /** Where the sky/window shows in the panel, when the location has one and it is in view. */
  sky?: { x: number; y: number; width: number; height: number };
}

interface Window {
  left: number;
  top: number;
  width: number;
  height: number;
}

function cameraWindow(
  shot: Shot,
  frame: "start" | "end",
  plate: { width: number; height: number },
  aspect: number,
  random: Random,
): Window {
  const baseW = Math.min(plate.width, plate.height * aspect);
  const text = `${shot.camera} ${shot.props.join(" ")}`.toLowerCase();
  const location = demoLocations().find((l) => l.id === shot.location);
  let zoom = 1;
  let centre: [number, number] = [plate.width / 2, plate.height / 2];
  if (shot.characters.length === 0) {
    zoom = /\bclose\b|close-up/.test(shot.camera.toLowerCase()) ? 1.8 : 1.3;
    const anchor = location
      ? Object.entries(location.anchors).find(([name]) => text.includes(name))
      : undefined;
    if (anchor)
      centre = [
        (anchor[1][0] / PLATE_FRAME.width) * plate.width,
        (anchor[1][1] / PLATE_FRAME.height) * plate.height,
      ];
  }
  if (frame === "end") {
    zoom *= 1.15;
    centre = [centre[0] + (random() - 0.5) * 0.08 * plate.width, centre[1]];
  }
  const width = baseW / zoom;
  const height = width / aspect;
  const left = Math.max(0, Math.min(plate.width - width, centre[0] - width / 2));
  const top = Math.max(0, Math.min(plate.height - height, centre[1] - height / 2));
  return { left, top, width, height };
}

export async function panelBackground(
  shot: Shot,
  frame: "start" | "end",
  plateBytes: Buffer,
  size: { width: number; height: number },
  random: Random,
  wrongSet: boolean,
): Promise<Background> {
  if (wrongSet) {
    const other = pick(
      random,
      demoLocations().filter((l) => l.id !== shot.location),
    );
    return { png: await drawPlate(other.id, size) };
  }
  const meta = await sharp(plateBytes).metadata();
  const plate = { width: meta.width ?? size.width, height: meta.height ?? size.height };
  const view = cameraWindow(shot, frame, plate, size.width / size.height, random);
  const left = Math.round(view.left);
  const top = Math.round(view.top);
  const png = await sharp(plateBytes)
    .extract({
      left,
      top,
      width: Math.min(plate.width - left, Math.round(view.width)),
      height: Math.min(plate.height - top, Math.round(view.height)),
    })
    .resize(size.width, size.height, { fit: "fill", kernel: "linear" })
    .png()
    .toBuffer();
  const location = demoLocations().find((l) => l.id === shot.location);
  if (!location) return { png };
  const k = plate.width / PLATE_FRAME.width;
  const s = size.width / view.width;
  const x0 = Math.max(0, (location.sky.x * k - view.left) * s);
  const y0 = Math.max(0, (location.sky.y * k - view.top) * s);
  const x1 = Math.min(size.width, ((location.sky.x + location.sky.width) * k - view.left) * s);
  const y1 = Math.min(size.height, ((location.sky.y + location.sky.height) * k - view.top) * s);
  const sky = x1 - x0 > 8 && y1 - y0 > 8 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : undefined;
  return { png, sky };
}
