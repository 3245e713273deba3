/**
 * How every MP4 continuity writes is encoded: H.264 in yuv420p so browsers and chat clients play
 * it, the index up front so it streams, and the fastest preset (these are previews and offline
 * stand-ins, not masters).
 */
export const H264_OUTPUT_ARGS: readonly string[] = [
  "-c:v",
  "libx264",
  "-preset",
  "ultrafast",
  "-pix_fmt",
  "yuv420p",
  "-movflags",
  "+faststart",
];
