import { open } from "node:fs/promises";
import { AppError } from "../core/app-error.ts";
import { IMAGE_BOUNDS, tooManyBytes } from "../core/image-bounds.ts";

/**
 * Reads an image file a user named, refusing before reading what cannot be an image: a device
 * (/dev/zero never ends), a folder, or a file larger than any image continuity accepts.
 */
export async function readImageFile(path: string, command: string): Promise<Buffer> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "r");
  } catch (error) {
    throw new AppError(
      "INVALID_ARGUMENT",
      `${command}: cannot read image ${path} (${(error as NodeJS.ErrnoException).code ?? error})`,
    );
  }
  try {
    const info = await handle.stat();
    if (!info.isFile())
      throw new AppError("INVALID_ARGUMENT", `${command}: image ${path} is not a regular file`);
    if (info.size > IMAGE_BOUNDS.maxBytes)
      throw new AppError("IMAGE_TOO_LARGE", `${command}: image ${path}: ${tooManyBytes(info.size)}`);
    // Read at most one byte past the bound, in case the file grows while it is read.
    const buffer = Buffer.alloc(Math.min(info.size, IMAGE_BOUNDS.maxBytes) + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > IMAGE_BOUNDS.maxBytes)
      throw new AppError("IMAGE_TOO_LARGE", `${command}: image ${path}: ${tooManyBytes(bytesRead)}`);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
