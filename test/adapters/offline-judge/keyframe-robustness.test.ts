import { beforeAll, describe, expect, it } from "vitest";
import { createFfmpegMediaTools } from "../../../src/adapters/ffmpeg/ffmpeg-media-tools.ts";
import { createPixelJudge } from "../../../src/adapters/offline-judge/pixel-judge.ts";
import { demoCharacter } from "../../../src/adapters/offline-studio/demo-bible/demo-cast.ts";
import {
  type DesignOverride,
  withOverride,
} from "../../../src/adapters/offline-studio/demo-bible/draw-character.ts";
import { drawStill } from "../../../src/adapters/offline-studio/demo-bible/draw-still.ts";
import { outfitFromWardrobe } from "../../../src/adapters/offline-studio/demo-bible/outfit.ts";
import { createLocalImageModel } from "../../../src/adapters/offline-studio/local-image-model.ts";
import { renderLocalClip } from "../../../src/adapters/offline-studio/render-local-clip.ts";
import { keyframePlan } from "../../../src/app/engine/keyframe-plan.ts";
import { DEFAULT_THRESHOLDS } from "../../../src/config.ts";
import type { Shot } from "../../../src/core/manifest.ts";
import { measurements, parseJudgeAnswer, verdictOf } from "../../../src/core/verdict.ts";
import type { Judge } from "../../../src/ports/judge.ts";
import { type DemoStudio, loadDemoStudio } from "../../helpers/demo-studio.ts";
import { ffmpegPath } from "../ffmpeg/clip-fixtures.ts";

/**
 * The pixel judge on video keyframes, not only on panels: a clean panel animated by the offline
 * video model (a slow push-in, H.264 with colour at half resolution) must pass at every frame the
 * engine samples, at the default thresholds, and a panel drawn off-model or missing someone must
 * still fail at every one of them. Small figures in a soft frame are where a judge that reads
 * single pixels comes apart.
 */
const SECONDS = 6;
const FPS = 12;
const tools = createFfmpegMediaTools({ ffmpegPath });
const plan = keyframePlan(SECONDS);

let studio: DemoStudio;
let judge: Judge;

beforeAll(async () => {
  studio = await loadDemoStudio();
  judge = createPixelJudge();
});

/** Keyframes of the engine's plan from a clean clip of `panel`, labelled. */
async function keyframes(panel: Buffer, width: number, height: number): Promise<[string, Buffer][]> {
  const clip = await renderLocalClip(ffmpegPath, {
    startPanel: panel,
    width,
    height,
    fps: FPS,
    durationSeconds: SECONDS,
    fault: null,
  });
  const frames = await tools.extractFrames(
    clip.video,
    plan.map((p) => p.atSeconds),
  );
  return plan.map((p, i) => [p.label, frames[i] as Buffer]);
}

/** Failures at the default thresholds, derived the way the core derives a verdict. */
async function failures(scene: string, shot: Shot, image: Buffer): Promise<string[]> {
  const { raw } = await judge.score(studio.judgeRequest(scene, shot, image, { kind: "keyframe" }));
  const scores = parseJudgeAnswer(
    raw,
    shot.characters.map((c) => c.id),
  );
  return verdictOf(measurements(scores), DEFAULT_THRESHOLDS).failures.map(
    (f) => `${f.criterion}${f.subject ? `:${f.subject}` : ""} ${f.score.toFixed(2)} ${f.reason}`,
  );
}

async function cleanClipFailures(scene: string, shotId: string, width: number, height: number) {
  const shot = studio.shot(scene, shotId);
  const model = createLocalImageModel({ seed: 1, faultRate: 0 });
  const panel = await model.generatePanel(studio.panelRequest(scene, shot, { width, height }));
  const out: string[] = [];
  for (const [label, frame] of await keyframes(panel.bytes, width, height))
    for (const failure of await failures(scene, shot, frame)) out.push(`${shotId} ${label}: ${failure}`);
  return out;
}

describe("the pixel judge on keyframes of the offline video model's clips", () => {
  it("passes every sampled frame of clean clips of clean panels at 640x360", async () => {
    // Crowds, children beside adults, dark curls beside the ink, props at the frame's edge.
    const shots = ["1A", "1C", "1E", "1G", "1H"];
    const found = await Promise.all(shots.map((id) => cleanClipFailures("scene1", id, 640, 360)));
    expect(found.flat()).toEqual([]);
  });

  it("passes every sampled frame of a clean clip at 1280x720", async () => {
    expect(await cleanClipFailures("scene1", "1I", 1280, 720)).toEqual([]);
  });

  it("still fails every sampled frame of a clip of an off-model or incomplete panel", async () => {
    // Shot 1H's cast as the manifest dresses them, drawn by hand with one deliberate fault.
    const shot: Shot = { ...studio.shot("scene1", "1H"), props: ["couch"] };
    const still = (change: { id?: string; override?: DesignOverride; drop?: string }) =>
      drawStill({
        locationId: "living_room",
        width: 640,
        height: 360,
        figures: shot.characters
          .filter((c) => c.id !== change.drop)
          .map((c, i) => ({
            design: withOverride(demoCharacter(c.id), c.id === change.id ? change.override : undefined),
            outfit: outfitFromWardrobe(c.wardrobe),
            x: 0.3 + 0.2 * i,
          })),
      });
    const cases = [
      // The field report's v3 Mia: her curls drawn as a tight bun.
      { still: await still({ id: "mia", override: { hairStyle: "tight-bun" } }), expect: "identity:mia" },
      { still: await still({ drop: "leo" }), expect: "charactersPresent" },
    ];
    await Promise.all(
      cases.map(async (fault) => {
        for (const [label, frame] of await keyframes(fault.still, 640, 360)) {
          const names = (await failures("scene1", shot, frame)).map((f) => f.split(" ")[0]);
          expect(names, `${fault.expect} at ${label}`).toContain(fault.expect);
        }
      }),
    );
  });
});
