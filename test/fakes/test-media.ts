import sharp from "sharp";

/** A small real PNG of one flat colour, so adapters that sniff or decode images see the real thing. */
export async function makePng(width: number, height: number, rgb: [number, number, number]): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } })
    .png()
    .toBuffer();
}

/**
 * Not a playable clip: an ISO-BMFF `ftyp` box and an empty `mdat`, enough to be recognised as MP4.
 * Adapters only move these bytes; decoding them is someone else's test.
 */
export const TINY_MP4 = Buffer.concat([
  Buffer.from([0x00, 0x00, 0x00, 0x18]),
  Buffer.from("ftypisom", "ascii"),
  Buffer.from([0x00, 0x00, 0x02, 0x00]),
  Buffer.from("isomiso2", "ascii"),
  Buffer.from([0x00, 0x00, 0x00, 0x08]),
  Buffer.from("mdat", "ascii"),
]);
