import { AppError } from "../../core/app-error.ts";

/** What `ffmpeg -i` says about a file: the port's VideoInfo plus what frame picking and stitching need. */
export interface ProbedVideo {
  durationSeconds: number;
  width: number;
  height: number;
  fps: number;
  hasAudio: boolean;
}

/**
 * Parses the stream summary ffmpeg prints for `ffmpeg -i file` (there is no ffprobe in the
 * bundled build), e.g.
 *   Duration: 00:00:12.00, start: 0.000000, bitrate: 116 kb/s
 *   Stream #0:0(und): Video: h264 (High) (avc1 / 0x31637661), yuv420p, 640x360 [SAR 1:1 DAR 16:9], 12 fps, 12 tbr, ...
 * Returns undefined for the duration when the container does not say (the caller then decodes).
 */
export function parseProbe(
  stderr: string,
): Omit<ProbedVideo, "durationSeconds"> & { durationSeconds?: number } {
  const videoLine = /Stream #\d+:\d+.*?: Video: (.*)/.exec(stderr)?.[1];
  if (videoLine === undefined) {
    const why = stderr
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith("At least one output file"))
      .pop();
    throw new AppError("VIDEO_INVALID", `not a readable video${why ? `: ${why}` : ""}`);
  }
  // The size is the first WxH token standing alone; codec tags like "0x31637661" are hex and skipped.
  const size = /(?:^|[\s,])(\d{2,5})x(\d{2,5})(?=[\s,[]|$)/.exec(videoLine);
  if (!size) throw new AppError("VIDEO_INVALID", `no frame size in the video stream: ${videoLine}`);
  const fps = Number(
    /([\d.]+) fps/.exec(videoLine)?.[1] ?? /([\d.]+)k? tbr/.exec(videoLine)?.[1] ?? Number.NaN,
  );
  const duration = /Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(stderr);
  return {
    durationSeconds: duration
      ? Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3])
      : undefined,
    width: Number(size[1]),
    height: Number(size[2]),
    fps: Number.isFinite(fps) && fps > 0 ? fps : 25,
    hasAudio: /Stream #\d+:\d+.*?: Audio: /.test(stderr),
  };
}

/** The last `time=HH:MM:SS.xx` of a decode's progress lines: the decoded length when the header has none. */
export function parseDecodedTime(stderr: string): number | undefined {
  const matches = [...stderr.matchAll(/time=(\d+):(\d{2}):(\d{2}(?:\.\d+)?)/g)];
  const last = matches.at(-1);
  if (!last) return undefined;
  return Number(last[1]) * 3600 + Number(last[2]) * 60 + Number(last[3]);
}
