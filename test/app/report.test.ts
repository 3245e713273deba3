import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { report } from "../../commands/report.ts";
import { type AttemptRow, listAttempts, listValidations } from "../../db/queries/attempts.ts";
import { createSharpImageShrinker } from "../../src/adapters/sharp-image-shrinker.ts";
import { driveRun, launchRun } from "../../src/app/runs/render-scope.ts";
import { browserAvailability, launchChromium } from "../helpers/chromium.ts";
import { createHarness, type Harness } from "../helpers/engine-harness.ts";

const SCREENSHOT = "/tmp/continuity-report.png";

/**
 * A real two-shot run on the scripted studio: S1's first panel is drawn off-model (the judge
 * fails identity), S2's first panel is blank (the free tier fails it), both regenerate and pass,
 * and the scene is stitched. The report must show all of it.
 */
describe("continuity report", () => {
  let harness: Harness;
  let runId: string;
  let reportPath: string;
  let attempts: AttemptRow[];

  beforeAll(async () => {
    harness = await createHarness("pglite", {
      shots: 2,
      script: {
        panel: (shot, _frame, attempt) => {
          if (attempt > 1) return "good";
          return shot === "S1" ? "off-model" : "blank";
        },
      },
    });
    const { run } = await launchRun(harness.runtime, { scope: "s1", frames: false, requestedBy: "ana" });
    const finished = await driveRun(harness.runtime, run.id);
    expect(finished.status).toBe("done");
    runId = finished.id;
    attempts = await listAttempts(harness.runtime.deps.db, runId);
    const result = await report(
      { ...harness.runtime.deps, shrinker: createSharpImageShrinker() },
      { run: runId, out: join(harness.dir, "reports") },
    );
    expect(result.exitCode).toBe(0);
    expect(result.data.runId).toBe(runId);
    reportPath = result.data.path;
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  const attemptOf = (shotId: string, stage: string, number: number) => {
    const found = attempts.find(
      (item) => item.shotId === shotId && item.stage === stage && item.number === number,
    );
    if (!found) throw new Error(`no attempt ${shotId} ${stage} ${number}`);
    return found;
  };

  it("writes one self-contained page for the run, small enough to mail", async () => {
    expect(reportPath).toBe(join(harness.dir, "reports", `report-${runId}.html`));
    const page = await readFile(reportPath, "utf8");
    const { size } = await stat(reportPath);
    console.info(`report for a 2-shot run: ${size} bytes`);
    expect(size).toBeLessThan(1_000_000);
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(page).toContain(`runs/${runId}/scene.mp4`);
    expect(page).toContain(`report-${runId}-media/scene.mp4`);
    expect(attemptOf("S1", "panel", 1).verdict).toBe("failed");
    expect(attemptOf("S2", "panel", 1).verdict).toBe("failed");
  });

  it("refuses an unknown run", async () => {
    await expect(
      report({ ...harness.runtime.deps, shrinker: createSharpImageShrinker() }, { run: "no-such-run" }),
    ).rejects.toMatchObject({
      code: "UNKNOWN_RUN",
    });
    await expect(
      report({ ...harness.runtime.deps, shrinker: createSharpImageShrinker() }, { run: " " }),
    ).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
    });
  });

  it("reads well in Chromium: every image loads, every validation has its score table", async (context) => {
    const browser = browserAvailability();
    if (!browser.available) {
      if (browser.skip) {
        // The default reporter only counts skips; say why where a reader of the log will see it.
        console.warn(browser.reason);
        context.skip(browser.reason);
      }
      throw new Error(browser.reason);
    }
    const chromium = await launchChromium();
    try {
      const page = await chromium.newPage({ viewport: { width: 1400, height: 900 } });
      const requests: string[] = [];
      const problems: string[] = [];
      page.on("request", (request) => requests.push(request.url()));
      page.on("console", (message) => {
        if (message.type() === "error") problems.push(message.text());
      });
      page.on("pageerror", (error) => problems.push(error.message));
      const url = pathToFileURL(reportPath).href;
      await page.goto(url, { waitUntil: "load" });

      // Nothing is fetched from anywhere but the file itself and its inline images.
      expect(
        requests.filter((request) => !request.startsWith("file:") && !request.startsWith("data:")),
      ).toEqual([]);
      expect(problems).toEqual([]);

      // Every picture decoded: one per panel attempt, every keyframe of every clip, two frames per cut.
      const images = await page.$$eval("img", (all) =>
        all.map((img) => ({ complete: img.complete, width: img.naturalWidth, alt: img.alt })),
      );
      const keyframes = (attempt: AttemptRow) =>
        Object.keys(attempt.extras).filter((name) => name.startsWith("kf-")).length;
      // ...and the contact sheet: each shot's panel and first, middle and last keyframe.
      const expected =
        attempts.filter((attempt) => attempt.stage === "panel").length +
        4 * 2 +
        attempts
          .filter((attempt) => attempt.stage === "video")
          .reduce((sum, attempt) => sum + keyframes(attempt), 0) +
        2;
      expect(images).toHaveLength(expected);
      expect(images.filter((image) => !image.complete || image.width === 0)).toEqual([]);
      expect(await page.locator(".missing").count()).toBe(0);
      const clip = page.locator(`#attempt-${attemptOf("S1", "video", 1).id} figure`);
      expect(await clip.first().textContent()).toBe("first");
      expect(await clip.last().textContent()).toBe("last");

      // A score table per stored validation.
      const validations = await listValidations(
        harness.runtime.deps.db,
        attempts.map((attempt) => attempt.id),
      );
      expect(await page.locator("table.scores").count()).toBe(validations.length);

      // The judge's identity failure on S1's first panel is there and stands out.
      const identity = page.locator(
        `#attempt-${attemptOf("S1", "panel", 1).id} table.scores[data-tier="judge"] tr[data-criterion="identity"][data-subject="ann"]`,
      );
      expect(await identity.getAttribute("class")).toBe("fail");
      expect(await identity.textContent()).toContain("0.30");
      expect(await identity.textContent()).toContain("hair is wrong");
      const failBackground = await identity
        .locator("td")
        .first()
        .evaluate((cell) => getComputedStyle(cell).backgroundColor);
      expect(failBackground).toBe("rgb(252, 232, 230)");
      // The passing regeneration has no failing row.
      expect(await page.locator(`#attempt-${attemptOf("S1", "panel", 2).id} tr.fail`).count()).toBe(0);

      // The free tier's blank-panel failure on S2, with no paid judge table for that attempt.
      const blank = page.locator(`#attempt-${attemptOf("S2", "panel", 1).id}`);
      expect(
        await blank
          .locator(`table.scores[data-tier="local"] tr.fail[data-criterion="artifacts"]`)
          .textContent(),
      ).toContain("the image is blank");
      expect(await blank.locator(`table.scores[data-tier="judge"]`).count()).toBe(0);

      // The overview marks exactly the two failed attempts; the scene links its stitched file.
      expect(await page.locator("table.overview .chip.failed").count()).toBe(2);
      const sceneLink = await page.locator("#scene p a").getAttribute("href");
      expect(sceneLink).toBeTruthy();
      expect(existsSync(fileURLToPath(new URL(sceneLink as string, url)))).toBe(true);
      expect(await page.locator(`#scene table.scores tr[data-criterion="continuity"]`).count()).toBe(1);

      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      console.info(`report screenshot: ${SCREENSHOT}`);
    } finally {
      await chromium.close();
    }
  });
});
