/** An image made small enough to inline in a self-contained page. */
export interface ShrunkImage {
  bytes: Buffer;
  mime: string;
  width: number;
  height: number;
}

/** Shrinks images for the run report: no wider than asked, flattened on white. */
export interface ImageShrinker {
  shrink(image: Buffer, maxWidth: number): Promise<ShrunkImage>;
}
