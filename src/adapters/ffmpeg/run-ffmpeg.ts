import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AppError } from "../../core/app-error.ts";

export interface RunFfmpegOptions {
  signal?: AbortSignal;
  /** Written to ffmpeg's stdin (for `-i -`); a stream lets a caller feed frames as it makes them. */
  stdin?: Buffer | AsyncIterable<Buffer>;
  /** Exit codes that are not failures: `ffmpeg -i file` with no output exits 1 by design when probing. */
  allowExitCodes?: number[];
}

export interface FfmpegResult {
  stdout: Buffer;
  stderr: string;
  exitCode: number;
}

/** Enough to parse a probe header and to quote the end of an error; a long encode's progress chatter is dropped. */
const STDERR_HEAD_CHARS = 64_000;
const STDERR_TAIL_CHARS = 16_000;
const ERROR_LINES = 6;

/**
 * Runs the ffmpeg binary whose path the composition root passes in. Aborting kills the process
 * and rejects with the signal's reason, so a cancelled render never keeps burning CPU. A non-zero
 * exit becomes FFMPEG_FAILED carrying the last stderr lines, which is where ffmpeg says why.
 */
export function runFfmpeg(
  ffmpegPath: string,
  args: string[],
  options: RunFfmpegOptions = {},
): Promise<FfmpegResult> {
  const { signal, stdin, allowExitCodes = [] } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    // Without -nostdin ffmpeg treats a terminal stdin as its interactive console.
    const fullArgs = ["-hide_banner", ...(stdin === undefined ? ["-nostdin"] : []), ...args];
    const child = spawn(ffmpegPath, fullArgs, { stdio: ["pipe", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    let head = "";
    let tail = "";
    let settled = false;
    let feedError: unknown;

    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      outcome();
    };
    const onAbort = () => {
      child.kill("SIGKILL");
      finish(() => reject(abortReason(signal as AbortSignal)));
    };
    signal?.addEventListener("abort", onAbort, { once: true });

    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      if (head.length < STDERR_HEAD_CHARS) head += chunk;
      else tail = (tail + chunk).slice(-STDERR_TAIL_CHARS);
    });
    child.on("error", (error) => {
      finish(() =>
        reject(
          new AppError("FFMPEG_FAILED", `could not start ffmpeg at ${ffmpegPath}: ${error.message}`, {
            ffmpegPath,
          }),
        ),
      );
    });
    child.on("close", (code, killedBy) => {
      const stderr = tail ? `${head}\n…\n${tail}` : head;
      const exitCode = code ?? -1;
      if (feedError !== undefined) {
        finish(() => reject(feedError));
        return;
      }
      if (exitCode === 0 || allowExitCodes.includes(exitCode)) {
        finish(() => resolve({ stdout: Buffer.concat(stdout), stderr, exitCode }));
        return;
      }
      const lines = lastLines(stderr, ERROR_LINES);
      const how = killedBy ? `killed by ${killedBy}` : `exit ${exitCode}`;
      finish(() =>
        reject(
          new AppError("FFMPEG_FAILED", `ffmpeg failed (${how}): ${lines.join(" | ") || "no output"}`, {
            exitCode,
            args: fullArgs,
            stderr: lines,
          }),
        ),
      );
    });

    // A producer that throws (a frame that cannot be made) is the real cause, not ffmpeg's broken pipe.
    if (stdin === undefined) {
      child.stdin.on("error", () => {});
      child.stdin.end();
    } else {
      feed(child.stdin, stdin).catch((error: unknown) => {
        feedError = error;
        child.kill("SIGKILL");
      });
    }
  });
}

/**
 * Writes with back-pressure. An early ffmpeg exit shows up here as a closed pipe (and as the exit
 * code in close); leaving the loop then also stops the producer instead of leaving it suspended.
 */
async function feed(sink: NodeJS.WritableStream, source: Buffer | AsyncIterable<Buffer>): Promise<void> {
  let closed = false;
  sink.on("error", () => {
    closed = true;
  });
  sink.on("close", () => {
    closed = true;
  });
  if (Buffer.isBuffer(source)) {
    sink.end(source);
    return;
  }
  for await (const chunk of source) {
    if (closed) return;
    if (!sink.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          sink.off("drain", done);
          sink.off("close", done);
          resolve();
        };
        sink.on("drain", done);
        sink.on("close", done);
      });
    }
  }
  if (!closed) sink.end();
}

function lastLines(text: string, count: number): string[] {
  return text
    .split(/\r?\n|\r/)
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(-count);
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("This operation was aborted", "AbortError");
}

/** A private scratch folder removed afterwards whatever happens: ffmpeg's mp4 muxer and demuxer need seekable files. */
export async function withTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "continuity-ffmpeg-"));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
