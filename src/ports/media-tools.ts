/** Video and image plumbing the engine needs around the models: probing, frames, stitching, thumbnails. */
export interface VideoInfo {
  durationSeconds: number;
  width: number;
  height: number;
}

export interface MediaTools {
  probeVideo(video: Buffer): Promise<VideoInfo>;
  /** One PNG per requested time, in the same order. */
  extractFrames(video: Buffer, atSeconds: number[]): Promise<Buffer[]>;
  /**
   * Concatenates clips in order into one MP4. Clips are taken one at a time from the iterable, so
   * a caller that reads each as it is asked for never holds a scene's clips all at once.
   */
  stitch(videos: AsyncIterable<Buffer> | Iterable<Buffer>): Promise<Buffer>;
  /** A small PNG for reports and chat threads. */
  thumbnail(image: Buffer, maxWidth: number): Promise<Buffer>;
  /**
   * A PNG of exactly width x height when the image has (nearly) that aspect ratio: image models
   * answer in their own fixed sizes. Any other image comes back unchanged (as PNG), so a wrong
   * aspect is still caught by the size check instead of being cropped away.
   */
  fitFrame(image: Buffer, width: number, height: number): Promise<Buffer>;
}
