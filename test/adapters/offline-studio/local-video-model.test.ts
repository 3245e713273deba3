import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFfmpegMediaTools } from "../../../src/adapters/ffmpeg/ffmpeg-media-tools.ts";
import { checkClip, clipSampleTimes } from "../../../src/adapters/free-tier/clip-checks.ts";
import { frameDistance, frameSignature } from "../../../src/adapters/free-tier/frame-signature.ts";
import { type LocalVideoFault, pickFault } from "../../../src/adapters/offline-studio/local-video-faults.ts";
import {
  createLocalVideoModel,
  type LocalFaultRecord,
  type LocalVideoModel,
} from "../../../src/adapters/offline-studio/local-video-model.ts";
import { isAppError } from "../../../src/core/app-error.ts";
import { isProviderError } from "../../../src/core/provider-error.ts";
import type { VideoRequest, VideoStatus } from "../../../src/ports/video-model.ts";
import { ffmpegPath, scenePanel } from "../ffmpeg/clip-fixtures.ts";

const tools = createFfmpegMediaTools({ ffmpegPath });
const SEED = 7;
let dir: string;
let start: Buffer;
let end: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "continuity-local-video-"));
  start = await scenePanel({ hue: 30, figureX: 150 });
  end = await scenePanel({ hue: 30, figureX: 400 });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let requests = 0;
function request(overrides: Partial<VideoRequest> & { frames?: boolean } = {}): VideoRequest {
  requests += 1;
  const { frames, ...rest } = overrides;
  const durationSeconds = rest.durationSeconds ?? 4;
  return {
    sceneId: "scene1",
    shot: {
      id: `S${requests}`,
      order: requests,
      characters: [],
      location: "kitchen",
      props: [],
      camera: "slow push in",
      motion: "she crosses the room",
      duration: durationSeconds,
    },
    startPanel: { bytes: start, mime: "image/png" },
    ...(frames ? { endPanel: { bytes: end, mime: "image/png" } } : {}),
    prompt: "she crosses the room",
    durationSeconds,
    width: 640,
    height: 360,
    clientRequestId: `req-${requests}-${Math.random()}`,
    attempt: 1,
    signal: new AbortController().signal,
    ...rest,
  };
}

async function waitFor(model: LocalVideoModel, operationId: string): Promise<VideoStatus> {
  for (;;) {
    const status = await model.status(operationId, new AbortController().signal);
    if (status.state !== "running") return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function succeeded(model: LocalVideoModel, operationId: string) {
  const status = await waitFor(model, operationId);
  if (status.state !== "succeeded") throw new Error(`expected success, got ${JSON.stringify(status)}`);
  return status;
}

async function findings(video: Buffer, req: VideoRequest) {
  const info = await tools.probeVideo(video);
  const times = clipSampleTimes(info.durationSeconds);
  const frames = await tools.extractFrames(video, times);
  return checkClip({
    frames: frames.map((bytes, i) => ({ atSeconds: times[i] as number, bytes })),
    durationSeconds: info.durationSeconds,
    expectedDurationSeconds: req.durationSeconds,
    expectedWidth: req.width,
    expectedHeight: req.height,
    startPanel: start,
    endPanel: req.endPanel?.bytes,
  });
}

async function distance(a: Buffer, b: Buffer) {
  return frameDistance(await frameSignature(a), await frameSignature(b));
}

describe("local video model: clean clips", () => {
  it("renders a 12 s push-in of the expected length and size that starts on the start panel", async () => {
    const model = createLocalVideoModel({ ffmpegPath, seed: SEED, faultRate: 0 });
    expect([model.provider, model.modelId, model.simulated]).toEqual(["local", "local-ffmpeg", true]);
    const req = request({ durationSeconds: 12 });
    const { operationId } = await model.start(req);
    expect((await model.status(operationId, new AbortController().signal)).state).toBe("running");
    const done = await succeeded(model, operationId);
    expect(done.durationSeconds).toBe(12);
    expect(done.usage).toEqual({ seconds: 12 });
    const info = await tools.probeVideo(done.video);
    expect(Math.abs(info.durationSeconds - 12)).toBeLessThanOrEqual(1 / 12);
    expect([info.width, info.height]).toEqual([640, 360]);
    const [first, last] = await tools.extractFrames(done.video, [0, 12]);
    expect(await distance(first as Buffer, start)).toBeLessThan(0.02);
    // The camera has pushed in: the last frame has moved away from the panel.
    expect(await distance(last as Buffer, start)).toBeGreaterThan(0.02);
    for (const finding of await findings(done.video, req))
      expect(finding.score, finding.reason).toBeGreaterThanOrEqual(0.9);
  });

  it("in start+end mode ends on the end panel, at a length that is not whole seconds", async () => {
    const model = createLocalVideoModel({ ffmpegPath, seed: SEED, faultRate: 0 });
    const req = request({ durationSeconds: 5.5, frames: true });
    const done = await succeeded(model, (await model.start(req)).operationId);
    const info = await tools.probeVideo(done.video);
    expect(Math.abs(info.durationSeconds - 5.5)).toBeLessThanOrEqual(1 / 12);
    const [first, last] = await tools.extractFrames(done.video, [0, 5.5]);
    expect(await distance(first as Buffer, start)).toBeLessThan(0.02);
    expect(await distance(last as Buffer, end)).toBeLessThan(0.02);
    for (const finding of await findings(done.video, req))
      expect(finding.score, finding.reason).toBeGreaterThanOrEqual(0.9);
  });
});

describe("local video model: seeded faults", () => {
  /** The first attempt whose seeded draw is this fault, so each kind is rendered for real. */
  function attemptWith(fault: LocalVideoFault, shotId: string, framesMode: boolean): number {
    for (let attempt = 1; attempt < 200; attempt++) {
      const draw = { seed: SEED, faultRate: 1, sceneId: "scene1", shotId, attempt, framesMode };
      if (pickFault(draw) === fault) return attempt;
    }
    throw new Error(`no attempt draws ${fault}`);
  }

  const cases: [LocalVideoFault, boolean, RegExp][] = [
    ["frozen", false, /frozen/],
    ["tail-snap", false, /snap/],
    ["tail-snap", true, /snap/],
    ["black-frames", true, /black/],
    ["end-ignored", true, /end frame ignored/],
  ];
  for (const [fault, framesMode, reason] of cases) {
    it(`${fault}${framesMode ? " (start+end)" : ""} is reported to onFault only, and caught by checkClip`, async () => {
      const records: LocalFaultRecord[] = [];
      const model = createLocalVideoModel({
        ffmpegPath,
        seed: SEED,
        faultRate: 1,
        onFault: (r) => records.push(r),
      });
      const base = request({ frames: framesMode, width: 320, height: 180 });
      const attempt = attemptWith(fault, base.shot.id, framesMode);
      const req = { ...base, attempt };
      const done = await succeeded(model, (await model.start(req)).operationId);
      expect(records).toEqual([{ sceneId: "scene1", shotId: base.shot.id, attempt, fault }]);
      const bad = (await findings(done.video, req)).filter((finding) => finding.score < 0.5);
      expect(bad.length).toBeGreaterThan(0);
      expect(bad.map((finding) => finding.reason).join("; ")).toMatch(reason);
    });
  }

  it("draws faults deterministically at about the configured rate", () => {
    const draws = (faultRate: number, seed = SEED) =>
      Array.from({ length: 1000 }, (_, i) =>
        pickFault({
          seed,
          faultRate,
          sceneId: "s",
          shotId: `shot${i % 50}`,
          attempt: Math.floor(i / 50) + 1,
          framesMode: i % 2 === 0,
        }),
      );
    const faulted = draws(0.3).filter((fault) => fault !== null).length;
    expect(faulted).toBeGreaterThan(240);
    expect(faulted).toBeLessThan(360);
    expect(draws(0.3)).toEqual(draws(0.3));
    expect(draws(0.3)).not.toEqual(draws(0.3, SEED + 1));
    expect(draws(0).every((fault) => fault === null)).toBe(true);
    expect(draws(1).every((fault) => fault !== null)).toBe(true);
    expect(draws(1).filter((_, i) => i % 2 === 1)).not.toContain("end-ignored");
  });
});

describe("local video model: operations", () => {
  it("answers the same operation for the same client request id and finds it by that id", async () => {
    const records: LocalFaultRecord[] = [];
    const model = createLocalVideoModel({
      ffmpegPath,
      seed: SEED,
      faultRate: 0,
      onFault: (r) => records.push(r),
    });
    const req = request({ width: 320, height: 180 });
    const [first, concurrent] = await Promise.all([model.start(req), model.start(req)]);
    const again = await model.start(req);
    expect(concurrent.operationId).toBe(first.operationId);
    expect(again.operationId).toBe(first.operationId);
    expect(await model.findByClientRequestId?.(req.clientRequestId)).toBe(first.operationId);
    expect(await model.findByClientRequestId?.("never-sent")).toBeUndefined();
    expect(records).toHaveLength(1);
    await model.idle();
  });

  it("keeps jobs on disk: a second instance answers for a job the first finished", async () => {
    const stateDir = join(dir, "finished");
    const a = createLocalVideoModel({ ffmpegPath, seed: SEED, faultRate: 0, stateDir });
    const req = request({ width: 320, height: 180 });
    const { operationId } = await a.start(req);
    const fromA = await succeeded(a, operationId);
    const b = createLocalVideoModel({ ffmpegPath, seed: SEED, faultRate: 0, stateDir });
    expect(await b.findByClientRequestId?.(req.clientRequestId)).toBe(operationId);
    const fromB = await b.status(operationId, new AbortController().signal);
    expect(fromB.state).toBe("succeeded");
    expect(fromB.state === "succeeded" && fromB.video.equals(fromA.video)).toBe(true);
  });

  it("a new process takes up a job whose worker was killed mid-render", async () => {
    const stateDir = join(dir, "crashed");
    const panelFile = join(dir, "crash-start.png");
    await writeFile(panelFile, start);
    const script = fileURLToPath(new URL("./start-local-render.ts", import.meta.url));
    const child = spawn(
      process.execPath,
      ["--import", "tsx", script, ffmpegPath, stateDir, "crash-req", panelFile],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const operationId = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (chunk) => {
        out += chunk;
        if (out.includes("\n")) resolve(out.trim());
      });
      child.on("exit", (code) => reject(new Error(`worker exited ${code} before starting: ${stderr}`)));
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    expect(existsSync(join(stateDir, "operations", operationId, "result.json"))).toBe(false);

    const model = createLocalVideoModel({ ffmpegPath, seed: SEED, faultRate: 0, stateDir });
    expect(await model.findByClientRequestId?.("crash-req")).toBe(operationId);
    const done = await succeeded(model, operationId);
    const info = await tools.probeVideo(done.video);
    expect([info.width, info.height, info.durationSeconds]).toEqual([320, 180, 20]);
  });

  it("stops rendering when the start signal aborts, and the job is rendered again when asked for", async () => {
    const stateDir = join(dir, "aborted");
    const a = createLocalVideoModel({ ffmpegPath, seed: SEED, faultRate: 0, stateDir });
    const controller = new AbortController();
    const req = request({ durationSeconds: 30, signal: controller.signal });
    const { operationId } = await a.start(req);
    const began = Date.now();
    setTimeout(() => controller.abort(new Error("stop requested")), 100);
    await a.idle();
    expect(Date.now() - began).toBeLessThan(1500);
    expect(existsSync(join(stateDir, "operations", operationId, "output.mp4"))).toBe(false);
    expect((await a.status(operationId, new AbortController().signal)).state).toBe("running");
    const done = await succeeded(a, operationId);
    expect(done.durationSeconds).toBe(30);
  });

  it("refuses an aborted start, an unknown operation and an impossible request", async () => {
    const model = createLocalVideoModel({ ffmpegPath, seed: SEED, faultRate: 0 });
    await expect(model.start(request({ signal: AbortSignal.abort() }))).rejects.toThrow();
    const unknown = await model
      .status("local-00000000-0000-0000-0000-000000000000", new AbortController().signal)
      .catch((e) => e);
    expect(
      isProviderError(unknown) && unknown.code === "VIDEO_OPERATION_NOT_FOUND" && unknown.kind === "terminal",
    ).toBe(true);
    const odd = await model.start(request({ width: 641 })).catch((e) => e);
    expect(isAppError(odd, "LOCAL_VIDEO_BAD_REQUEST")).toBe(true);
  });

  it("reports a render that cannot be made as failed", async () => {
    const model = createLocalVideoModel({ ffmpegPath, seed: SEED, faultRate: 0 });
    const req = request({ startPanel: { bytes: Buffer.from("not an image"), mime: "image/png" } });
    const status = await waitFor(model, (await model.start(req)).operationId);
    expect(status.state).toBe("failed");
    expect(status.state === "failed" && status.filtered).toBe(false);
  });
});
