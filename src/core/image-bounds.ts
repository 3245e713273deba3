/**
 * The largest image continuity reads. Models make at most 4K-class frames and references are
 * turnarounds and plates; beyond these a file is a mistake (or /dev/zero), and reading or decoding
 * it would take the machine's memory for minutes. Checked before any pixel is decoded.
 */
export const IMAGE_BOUNDS = {
  /** 64 MiB of encoded file. */
  maxBytes: 64 * 1024 * 1024,
  /** 8192 x 8192 pixels, read from the header before decoding. */
  maxPixels: 8192 * 8192,
} as const;

export function tooManyBytes(size: number): string {
  return `${size} bytes is more than the ${IMAGE_BOUNDS.maxBytes} bytes an image may have`;
}
