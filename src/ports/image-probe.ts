/** Decodes an image far enough to know it is one; throws when the bytes are not a readable image. */
export interface ImageProbe {
  dimensions(bytes: Buffer): Promise<{ width: number; height: number; format: string }>;
}
