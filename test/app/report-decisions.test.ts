import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import ffmpeg from "@ffmpeg-installer/ffmpeg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decide } from "../../commands/decide.ts";
import { report } from "../../commands/report.ts";
import { status } from "../../commands/status.ts";
import { type AttemptRow, listAttempts } from "../../db/queries/attempts.ts";
import { listEscalations } from "../../db/queries/escalations.ts";
import { createSharpImageShrinker } from "../../src/adapters/sharp-image-shrinker.ts";
import { driveRun, launchRun } from "../../src/app/runs/render-scope.ts";
import type { RunSummary } from "../../src/app/runs/run-summary.ts";
import { browserAvailability, launchChromium } from "../helpers/chromium.ts";
import { createHarness, type Harness } from "../helpers/engine-harness.ts";

const SCREENSHOT = "/tmp/continuity-report-decisions.png";
const run = promisify(execFile);

/**
 * A run that is done only because a person said so twice: S2's panel is drawn off-model every
 * time, so it escalates and bo approves it over the failed panel gate; the clip passes; the scene
 * gate then finds a cut that breaks continuity and bo approves the scene over that failure too.
 * Every surface must say exactly that, and the report must show it at a glance.
 */
describe("report and status of a run accepted over failed gates", () => {
  let harness: Harness;
  let runId: string;
  let reportPath: string;
  let attempts: AttemptRow[];
  let summary: RunSummary;

  beforeAll(async () => {
    harness = await createHarness("pglite", {
      shots: 2,
      script: { panel: (shot) => (shot === "S2" ? "off-model" : "good"), breakCuts: true },
    });
    const { run: started } = await launchRun(harness.runtime, {
      scope: "s1",
      frames: false,
      requestedBy: "ana",
    });
    runId = started.id;
    let settled = await driveRun(harness.runtime, runId);
    for (let round = 0; round < 4 && settled.status === "escalated"; round++) {
      const [pending] = await listEscalations(harness.runtime.deps.db, { runId, status: "pending" });
      if (!pending) break;
      const decided = await decide(harness.runtime, "approve", { id: pending.id, by: "bo" });
      summary = decided.data.run;
      settled = { ...settled, status: decided.data.run.status };
    }
    expect(settled.status).toBe("done");
    attempts = await listAttempts(harness.runtime.deps.db, runId);
    const written = await report(
      { ...harness.runtime.deps, shrinker: createSharpImageShrinker() },
      { run: runId, out: join(harness.dir, "reports") },
    );
    reportPath = written.data.path;
  }, 180_000);

  afterAll(async () => {
    await harness?.close();
  });

  it("status, the JSON and the summary agree: done, with the scene accepted by bo over a failed gate", async () => {
    const shown = await status(harness.runtime.deps.db, { run: runId }, { stopFile: harness.stopFile });
    for (const seen of [shown.data, summary]) {
      expect(seen.status).toBe("done");
      expect(seen.statusLine).toMatch(
        /^done: scene accepted by bo at \d{4}-\d\d-\d\d \d\d:\d\d UTC over a failed gate$/,
      );
      expect(seen.sceneGate?.outcome.kind).toBe("accepted-over-failure");
      const s2 = seen.shots.find((shot) => shot.id === "S2");
      expect(s2?.verdictLine).toMatch(/^accepted by bo at .* UTC over a failed panel gate$/);
      expect(seen.shots.find((shot) => shot.id === "S1")?.verdictLine).toBeNull();
    }
    expect(shown.text).toContain("done: scene accepted by bo at");
    expect(shown.text).toMatch(/S2 .* — accepted by bo at .* over a failed panel gate/);
    expect(shown.text).not.toMatch(/scene (passed|failed)\b/);
  });

  it("never says a panel passed that a person took over a failure", async () => {
    const page = await readFile(reportPath, "utf8");
    const escalations = await listEscalations(harness.runtime.deps.db, { runId });
    const scene = escalations.find((row) => row.stage === "scene");
    expect(scene?.reason).toContain("continuity breaks across the cut");
    for (const row of escalations) expect(row.reason).not.toContain("misread a panel that had passed");
    expect(page).not.toContain("misread a panel that had passed");
  });

  it("shows items 1-4 in Chromium: one truthful status, the decision where it was made, clips and a contact sheet", async (context) => {
    const browser = browserAvailability();
    if (!browser.available) {
      if (browser.skip) {
        console.warn(browser.reason);
        context.skip(browser.reason);
      }
      throw new Error(browser.reason);
    }
    // The scripted studio's clips are not real video: put a real one beside the page, so what is
    // checked is that the page plays a file from its folder (CSP, relative path, element).
    const sceneFile = join(reportPath.replace(/\.html$/, "-media"), "scene.mp4");
    expect(existsSync(sceneFile)).toBe(true);
    await run(ffmpeg.path, [
      ...["-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=64x36:rate=10", "-t", "1"],
      ...["-pix_fmt", "yuv420p", "-c:v", "libx264", "-y", sceneFile],
    ]);

    const chromium = await launchChromium();
    try {
      const page = await chromium.newPage({ viewport: { width: 1400, height: 900 } });
      const problems: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") problems.push(message.text());
      });
      const url = pathToFileURL(reportPath).href;
      await page.goto(url, { waitUntil: "load" });

      // 1. One status: the header, the overview's scene row and the scene section say the same.
      expect(await page.locator("[data-status-line]").textContent()).toMatch(
        /^done: scene accepted by bo at .* UTC over a failed gate$/,
      );
      const sceneRow = page.locator('table.overview tr[data-shot="_scene"]');
      expect(await sceneRow.locator(".badge").textContent()).toBe("accepted over failure");
      expect(await sceneRow.textContent()).not.toMatch(/\bFAILED\b|\bfailed\b(?! gate)/);
      const s2Row = page.locator('table.overview tr[data-shot="S2"]');
      expect(await s2Row.locator("td.note").textContent()).toMatch(
        /accepted by bo at .* over a failed panel gate/,
      );

      // 2. The attempt taken is marked with its decision, and the escalation says why that one.
      const panels = attempts.filter((item) => item.shotId === "S2" && item.stage === "panel");
      const taken = page.locator('section[data-shot="S2"] article[data-taken="true"][data-stage="panel"]');
      expect(await taken.count()).toBe(1);
      expect(await taken.isVisible()).toBe(true);
      expect(await taken.locator("p.decision").textContent()).toMatch(
        /^accepted by bo at .* UTC over a failed gate \(escalation e[0-9a-f]+\)$/,
      );
      expect(await taken.locator("p.offered").textContent()).toContain(
        `the best of ${panels.length} panel attempts by lowest score`,
      );

      // 4. Failed attempts not taken are folded behind their summary line; the taken path is open.
      const folds = page.locator("details.fold");
      expect(await folds.count()).toBe(panels.length - 1);
      for (const fold of await folds.all()) {
        expect(await fold.getAttribute("open")).toBeNull();
        expect(await fold.locator("summary").textContent()).toMatch(/^failed panel #\d · lowest 0\.30/);
        expect(await fold.locator("article").isVisible()).toBe(false);
      }

      // 4. Money to the cent in headings and summaries; micro-dollars only in the ledger detail.
      expect(await page.locator("header .spent > strong").textContent()).toMatch(/^\$\d+\.\d\d$/);
      for (const cost of await page.locator("h2 .cost, table.overview td.num").allTextContents())
        expect(cost).toMatch(/^\$\d+\.\d\d$/);
      expect(await page.locator("details.ledger").getAttribute("open")).toBeNull();

      // 4. A contact-sheet row per shot at the top: panel, first, middle and last keyframe, all decoded.
      const sheetRows = page.locator("#contact-sheet table.sheet tr");
      expect(await sheetRows.count()).toBe(2);
      for (const row of await sheetRows.all()) {
        expect(await row.locator("figcaption").allTextContents()).toEqual([
          "panel",
          "first",
          "middle",
          "last",
        ]);
        const decoded = await row
          .locator("img")
          .evaluateAll((all) => all.every((img) => (img as HTMLImageElement).naturalWidth > 0));
        expect(decoded).toBe(true);
      }
      const sheetTop = await page.locator("#contact-sheet").boundingBox();
      const firstShot = await page.locator("section.shot").first().boundingBox();
      expect(sheetTop && firstShot && sheetTop.y < firstShot.y).toBe(true);

      // 4. The stitched scene and each accepted clip are playable video, from files beside the page.
      const videos = await page
        .locator("video")
        .evaluateAll((all) => all.map((video) => (video as HTMLVideoElement).getAttribute("src") as string));
      expect(videos).toHaveLength(3);
      for (const src of videos) expect(existsSync(fileURLToPath(new URL(src, url)))).toBe(true);
      const scene = page.locator("#contact-sheet video");
      await scene.evaluate(
        (video) =>
          new Promise<void>((resolve, reject) => {
            const element = video as HTMLVideoElement;
            if (element.readyState >= 1) return resolve();
            element.addEventListener("loadedmetadata", () => resolve(), { once: true });
            element.addEventListener("error", () => reject(new Error(`video error ${element.error?.code}`)), {
              once: true,
            });
            element.load();
          }),
      );
      expect(await scene.evaluate((video) => (video as HTMLVideoElement).duration)).toBeGreaterThan(0.5);
      expect(problems).toEqual([]);

      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      console.info(`report screenshot (items 1-4): ${SCREENSHOT}`);
    } finally {
      await chromium.close();
    }
  });
});
