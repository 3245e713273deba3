import { describe, expect, it } from "vitest";
import { parseDecodedTime, parseProbe } from "../../../src/adapters/ffmpeg/parse-probe.ts";
import { isAppError } from "../../../src/core/app-error.ts";

const MP4 = `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'in.bin':
  Metadata:
    major_brand     : isom
  Duration: 00:01:02.50, start: 0.000000, bitrate: 116 kb/s
    Stream #0:0(und): Video: h264 (High) (avc1 / 0x31637661), yuv420p, 1280x720 [SAR 1:1 DAR 16:9], 115 kb/s, 23.98 fps, 23.98 tbr, 24k tbn, 47.95 tbc (default)
    Stream #0:1(und): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, stereo, fltp, 128 kb/s (default)
At least one output file must be specified`;

describe("parseProbe", () => {
  it("reads duration, size, frame rate and audio", () => {
    expect(parseProbe(MP4)).toEqual({
      durationSeconds: 62.5,
      width: 1280,
      height: 720,
      fps: 23.98,
      hasAudio: true,
    });
  });

  it("falls back to tbr and leaves an unknown duration undefined", () => {
    const probed = parseProbe(
      "  Duration: N/A, start: 0.000000\n    Stream #0:0: Video: vp9, yuv420p(tv), 640x360, SAR 1:1 DAR 16:9, 30 tbr, 1k tbn\n",
    );
    expect(probed).toMatchObject({
      durationSeconds: undefined,
      width: 640,
      height: 360,
      fps: 30,
      hasAudio: false,
    });
  });

  it("says why a file is not a video", () => {
    let error: unknown;
    try {
      parseProbe("in.bin: Invalid data found when processing input\n");
    } catch (caught) {
      error = caught;
    }
    expect(isAppError(error, "VIDEO_INVALID")).toBe(true);
    expect((error as Error).message).toMatch(/Invalid data found/);
  });

  it("reads the last progress time of a decode", () => {
    expect(parseDecodedTime("frame=1 time=00:00:01.00 x\rframe=2 time=00:00:04.25 bitrate")).toBe(4.25);
    expect(parseDecodedTime("nothing")).toBeUndefined();
  });
});
