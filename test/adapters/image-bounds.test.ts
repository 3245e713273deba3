import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { readImageFile } from "../../src/adapters/image-file.ts";
import { createSharpImageProbe } from "../../src/adapters/sharp-image-probe.ts";
import { IMAGE_BOUNDS } from "../../src/core/image-bounds.ts";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A real 1x1 PNG whose header is rewritten to claim width x height (the pixels are never there). */
async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(
    await sharp({ create: { width: 1, height: 1, channels: 3, background: "#808080" } })
      .png()
      .toBuffer(),
  );
  // Signature (8), IHDR length (4), "IHDR" (4), then width and height; the CRC covers type + data.
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

describe("image bounds: checked before anything is decoded", () => {
  it("the probe refuses an image whose header claims more pixels than allowed", async () => {
    const probe = createSharpImageProbe();
    await expect(probe.dimensions(await pngClaiming(12000, 12000))).rejects.toMatchObject({
      code: "IMAGE_TOO_LARGE",
      message: expect.stringContaining(String(IMAGE_BOUNDS.maxPixels)),
    });
  });

  it("the probe refuses more bytes than allowed without decoding them", async () => {
    const probe = createSharpImageProbe();
    await expect(probe.dimensions(Buffer.alloc(IMAGE_BOUNDS.maxBytes + 1))).rejects.toMatchObject({
      code: "IMAGE_TOO_LARGE",
    });
  });

  it("the probe still reads an ordinary image", async () => {
    const png = await sharp({ create: { width: 64, height: 36, channels: 3, background: "#336699" } })
      .png()
      .toBuffer();
    await expect(createSharpImageProbe().dimensions(png)).resolves.toMatchObject({ width: 64, height: 36 });
  });

  it("an image file that is a device, or larger than allowed, is refused before reading", async () => {
    await expect(readImageFile("/dev/zero", "validate")).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
      message: "validate: image /dev/zero is not a regular file",
    });
    const dir = await mkdtemp(join(tmpdir(), "continuity-image-"));
    try {
      const huge = join(dir, "huge.png");
      const handle = await open(huge, "w");
      await handle.truncate(IMAGE_BOUNDS.maxBytes + 1); // sparse: costs no disk
      await handle.close();
      await expect(readImageFile(huge, "validate")).rejects.toMatchObject({ code: "IMAGE_TOO_LARGE" });
      await expect(readImageFile(join(dir, "nope.png"), "validate")).rejects.toThrow(
        /validate: cannot read image .*nope\.png \(ENOENT\)/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
