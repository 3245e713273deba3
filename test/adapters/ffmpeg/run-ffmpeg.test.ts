import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runFfmpeg, withTempDir } from "../../../src/adapters/ffmpeg/run-ffmpeg.ts";
import { isAppError } from "../../../src/core/app-error.ts";
import { ffmpegPath } from "./clip-fixtures.ts";

describe("runFfmpeg", () => {
  it("returns stdout and feeds stdin", async () => {
    const raw = Buffer.alloc(16 * 16 * 3, 200);
    const { stdout } = await runFfmpeg(
      ffmpegPath,
      [
        "-f",
        "rawvideo",
        "-pix_fmt",
        "rgb24",
        "-s",
        "16x16",
        "-i",
        "-",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "gray",
        "-",
      ],
      { stdin: raw },
    );
    expect(stdout.length).toBe(16 * 16);
  });

  it("fails with FFMPEG_FAILED and the last stderr lines", async () => {
    const error = await runFfmpeg(ffmpegPath, ["-i", "/nonexistent/clip.mp4", "-f", "null", "-"]).catch(
      (e) => e,
    );
    expect(isAppError(error, "FFMPEG_FAILED")).toBe(true);
    expect(error.message).toMatch(/No such file or directory/);
    expect(error.details.exitCode).not.toBe(0);
  });

  it("fails with FFMPEG_FAILED when the binary cannot start", async () => {
    const error = await runFfmpeg("/nonexistent/ffmpeg", ["-version"]).catch((e) => e);
    expect(isAppError(error, "FFMPEG_FAILED")).toBe(true);
  });

  it("accepts exit codes the caller expects", async () => {
    const result = await runFfmpeg(ffmpegPath, ["-f", "lavfi", "-i", "color=s=16x16"], {
      allowExitCodes: [1],
    });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/Stream #0:0/);
  });

  it("kills the process when aborted", async () => {
    const controller = new AbortController();
    const began = Date.now();
    const running = runFfmpeg(
      ffmpegPath,
      ["-f", "lavfi", "-i", "testsrc=size=640x360:rate=30", "-t", "3600", "-f", "null", "-"],
      {
        signal: controller.signal,
      },
    );
    setTimeout(() => controller.abort(new Error("stop requested")), 200);
    await expect(running).rejects.toThrow("stop requested");
    expect(Date.now() - began).toBeLessThan(3000);
  });

  it("rejects at once on an already aborted signal", async () => {
    await expect(runFfmpeg(ffmpegPath, ["-version"], { signal: AbortSignal.abort() })).rejects.toThrow();
  });

  it("surfaces the producer's error rather than a broken pipe", async () => {
    async function* frames(): AsyncGenerator<Buffer> {
      yield Buffer.alloc(16 * 16 * 3);
      throw new Error("frame 2 could not be made");
    }
    const args = ["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", "16x16", "-i", "-", "-f", "null", "-"];
    await expect(runFfmpeg(ffmpegPath, args, { stdin: frames() })).rejects.toThrow(
      "frame 2 could not be made",
    );
  });
});

describe("withTempDir", () => {
  it("removes the folder afterwards, also on failure", async () => {
    let kept = "";
    await withTempDir(async (dir) => {
      kept = dir;
      await writeFile(join(dir, "x"), "x");
    });
    expect(existsSync(kept)).toBe(false);
    await expect(
      withTempDir(async (dir) => {
        kept = dir;
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(existsSync(kept)).toBe(false);
  });
});
