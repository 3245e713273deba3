import { describe, expect, it } from "vitest";
import { createPixelJudge } from "../../../src/adapters/offline-judge/pixel-judge.ts";
import { createLocalImageModel } from "../../../src/adapters/offline-studio/local-image-model.ts";
import { loadDemoStudio } from "../../helpers/demo-studio.ts";
import { passes } from "../../helpers/score-sheet.ts";

/**
 * The benchmark in small: the panel model makes its own mistakes at a 30% rate and logs them;
 * the pixel judge, which never sees the log, must agree with it. Agreement is measured with a
 * simple verdict (every score at least 0.7) and the false-accept/false-reject rates are printed.
 */
const GENERATIONS = 200;
const CONCURRENCY = 4;

describe("the pixel judge against the panel model's fault log", () => {
  it(`agrees with the log on at least 95% of ${GENERATIONS} seeded generations at fault rate 0.3`, async () => {
    const studio = await loadDemoStudio();
    const log = new Map<string, string | null>();
    const model = createLocalImageModel({
      seed: 2024,
      faultRate: 0.3,
      onFault: (r) => log.set(`${r.sceneId}/${r.shotId}/${r.frame}/${r.attempt}`, r.fault),
    });
    const judge = createPixelJudge();
    const shots = Object.entries(studio.manifests).flatMap(([scene, manifest]) =>
      manifest.shots.map((shot) => ({ scene, shot })),
    );
    const outcomes: { fault: string | null; passed: boolean; label: string }[] = [];
    for (let from = 0; from < GENERATIONS; from += CONCURRENCY) {
      const batch = Array.from({ length: Math.min(CONCURRENCY, GENERATIONS - from) }, (_, k) => from + k);
      outcomes.push(
        ...(await Promise.all(
          batch.map(async (i) => {
            const { scene, shot } = shots[i % shots.length] as (typeof shots)[number];
            const attempt = Math.floor(i / shots.length) + 1;
            const frame = shot.end && attempt % 2 === 0 ? "end" : "start";
            const panel = await model.generatePanel(studio.panelRequest(scene, shot, { frame, attempt }));
            const answer = await judge.score(studio.judgeRequest(scene, shot, panel.bytes));
            const label = `${scene}/${shot.id}/${frame}/${attempt}`;
            return { fault: log.get(label) ?? null, passed: passes(answer.raw, 0.7), label };
          }),
        )),
      );
    }
    const faulty = outcomes.filter((o) => o.fault !== null);
    const clean = outcomes.filter((o) => o.fault === null);
    const falseAccepts = faulty.filter((o) => o.passed);
    const falseRejects = clean.filter((o) => !o.passed);
    const agreement = 1 - (falseAccepts.length + falseRejects.length) / outcomes.length;
    console.info(
      `pixel judge vs fault log: ${outcomes.length} panels, ${faulty.length} faulty, agreement ${(agreement * 100).toFixed(1)}%, ` +
        `false accepts ${falseAccepts.length}/${faulty.length}, false rejects ${falseRejects.length}/${clean.length}` +
        (falseAccepts.length + falseRejects.length > 0
          ? `: ${[...falseAccepts, ...falseRejects].map((o) => `${o.label} ${o.fault ?? "clean"}`).join(", ")}`
          : ""),
    );
    expect(log.size).toBe(GENERATIONS);
    expect(faulty.length).toBeGreaterThan(GENERATIONS * 0.15);
    expect(agreement).toBeGreaterThanOrEqual(0.95);
  });
});
