import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listAttempts } from "../../db/queries/attempts.ts";
import { providerOverrunMicros } from "../../db/queries/budget.ts";
import { createFolderStorage } from "../adapters/folder-storage.ts";
import { writeDemoBible } from "../adapters/offline-studio/demo-bible/write-demo-bible.ts";
import { lockBible } from "../app/bible/check-bible.ts";
import { driveRun, launchRun } from "../app/runs/render-scope.ts";
import { summariseRun } from "../app/runs/run-summary.ts";
import { loadConfig } from "../config.ts";
import { formatUsd } from "../core/money.ts";
import { costOfUsage, DEFAULT_PRICE_TABLE, priceFor, typicalCost } from "../core/prices.ts";
import { composeApp } from "../main/compose/compose-app.ts";
import { composeRuntime, type RuntimeOptions } from "../main/compose/compose-runtime.ts";
import { type AchievableBound, achievableBound, pricedBenchShots } from "./achievable-bound.ts";
import { benchManifest } from "./bench-scene.ts";
import { boundFigures } from "./bound-figures.ts";
import { type JudgeBorderFigure, judgeBorderFigure } from "./judge-border-figure.ts";
import { orchestrationFigures, printOrchestration } from "./orchestration-figures.ts";
import { slackAckFigure } from "./slack-ack-figure.ts";
import { describeStartup, startupFigures } from "./startup-figures.ts";
import { trustPanels } from "./trust-panels.ts";

export interface BenchOptions {
  shots: number;
  panelFaultRate: number;
  videoFaultRate: number;
  seed: number;
  maxDuration: number;
}

interface FaultRecord {
  shotId: string;
  attempt: number;
  fault: string | null;
  frame?: string;
}

export interface VariantResult {
  spentMicros: number;
  accepted: number;
  escalated: number;
  perAcceptedMicros: number | null;
  /** What providers billed past their reservations: 0 when every reservation bounds its call. */
  providerOverrunMicros: number;
  seconds: number;
  falseAccepts?: number;
  falseRejects?: number;
  judged?: number;
  judgeBorder?: JudgeBorderFigure;
  bound?: AchievableBound;
}

const WIDTH = 640;
const HEIGHT = 360;
const SCOPE = "bench";
/** Concurrent slash commands in the acknowledgement figure. */
const SLACK_BURST = 50;

/** Runs the synthetic production through the real engine with the offline providers. */
async function runVariant(
  dir: string,
  name: string,
  options: BenchOptions,
  wrap?: RuntimeOptions["wrapValidation"],
): Promise<VariantResult> {
  const config = loadConfig({
    CONTINUITY_DATA_DIR: join(dir, name),
    CONTINUITY_BIBLE: join(dir, "bible"),
    CONTINUITY_ARTIFACTS: join(dir, name, "artifacts"),
    CONTINUITY_STOP_FILE: join(dir, name, "STOP"),
    CONTINUITY_FRAME_SIZE: `${WIDTH}x${HEIGHT}`,
    CONTINUITY_LOCAL_SEED: String(options.seed),
    CONTINUITY_LOCAL_FAULT_RATE: String(options.panelFaultRate),
    CONTINUITY_LOCAL_VIDEO_FAULT_RATE: String(options.videoFaultRate),
    CONTINUITY_MAX_ATTEMPTS: "3",
    CONTINUITY_RUN_CAP_USD: "100000",
    CONTINUITY_DAILY_CAP_USD: "100000",
    CONTINUITY_USER: "bench",
  });
  const app = composeApp(config);
  const panelFaults: FaultRecord[] = [];
  const videoFaults: FaultRecord[] = [];
  try {
    const runtime = await composeRuntime(app, () => {}, {
      faults: { panel: (record) => panelFaults.push(record), video: (record) => videoFaults.push(record) },
      ...(wrap ? { wrapValidation: wrap } : {}),
    });
    try {
      await lockBible({ storage: runtime.deps.bible, probe: app.probe, db: runtime.deps.db }, "bench");
      const started = Date.now();
      const { run } = await launchRun(runtime, { scope: SCOPE, frames: false, requestedBy: "bench" });
      const finished = await driveRun(runtime, run.id);
      const seconds = (Date.now() - started) / 1000;
      const summary = await summariseRun(runtime.deps.db, finished);
      const accepted = summary.shots.filter((shot) => shot.status === "accepted").length;
      const result: VariantResult = {
        spentMicros: summary.spentMicros,
        accepted,
        escalated: summary.shots.filter((shot) => shot.status === "escalated").length,
        perAcceptedMicros: accepted ? Math.round(summary.spentMicros / accepted) : null,
        providerOverrunMicros: await providerOverrunMicros(runtime.deps.db, { runId: run.id }),
        seconds,
      };
      if (!wrap) {
        Object.assign(result, await validatorAccuracy(runtime.deps.db, run.id, panelFaults, videoFaults));
        result.judgeBorder = await judgeBorderFigure(
          runtime.deps.db,
          run.id,
          config.CONTINUITY_THRESHOLDS,
          config.CONTINUITY_JUDGE_BORDER,
        );
        result.bound = await achievableBound(runtime.deps.db, run.id, {
          shots: pricedBenchShots(options.shots, options.maxDuration),
          maxAttempts: config.CONTINUITY_MAX_ATTEMPTS,
          panelFaults,
          videoFaults,
          escalatedShots: new Set(summary.shots.filter((s) => s.status === "escalated").map((s) => s.id)),
        });
      }
      return result;
    } finally {
      await runtime.close();
    }
  } finally {
    await app.close();
  }
}

/** The validator's verdicts against what the generators say they got wrong. */
async function validatorAccuracy(
  db: Parameters<typeof listAttempts>[0],
  runId: string,
  panelFaults: FaultRecord[],
  videoFaults: FaultRecord[],
) {
  const attempts = (await listAttempts(db, runId)).filter(
    (attempt) => attempt.verdict === "passed" || attempt.verdict === "failed",
  );
  let falseAccepts = 0;
  let falseRejects = 0;
  let judged = 0;
  for (const attempt of attempts) {
    const log =
      attempt.stage === "panel"
        ? panelFaults.filter((record) => record.frame === "start")
        : attempt.stage === "video"
          ? videoFaults
          : [];
    const record = log.find((item) => item.shotId === attempt.shotId && item.attempt === attempt.number);
    if (!record) continue;
    judged += 1;
    if (record.fault !== null && attempt.verdict === "passed") falseAccepts += 1;
    if (record.fault === null && attempt.verdict === "failed") falseRejects += 1;
  }
  return { falseAccepts, falseRejects, judged };
}

/** What an oracle that knew in advance which artifacts are bad would pay: one panel and one clip per shot. */
function oracleMicros(options: BenchOptions): number {
  const panel = typicalCost(priceFor(DEFAULT_PRICE_TABLE, "local", "local-compositor"), "image");
  const video = priceFor(DEFAULT_PRICE_TABLE, "local", "local-ffmpeg");
  return benchManifest(options.shots, options.maxDuration).shots.reduce(
    (sum, shot) => sum + panel + costOfUsage(video, "video", { seconds: shot.duration }),
    0,
  );
}

/**
 * What the bench takes from the environment, parsed at its entry point: the scale run's shots
 * (CONTINUITY_BENCH_SCALE_SHOTS; the figure is 1,000, 200 by default so the bench stays a
 * few minutes) and the PostgreSQL server for the workers figure (CONTINUITY_BENCH_DATABASE_URL,
 * else TEST_DATABASE_URL; without one that figure is skipped). Kept out of the printed options:
 * a URL may carry a password.
 */
export interface BenchEnvironment {
  scaleShots: number;
  postgresUrl: string | undefined;
}

export async function runBench(
  options: BenchOptions,
  environment: BenchEnvironment,
  out: (line: string) => void,
): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(join(tmpdir(), "continuity-bench-"));
  try {
    const bible = createFolderStorage(join(dir, "bible"));
    await writeDemoBible(bible);
    await bible.write(
      `scenes/${SCOPE}/manifest.json`,
      JSON.stringify(benchManifest(options.shots, options.maxDuration), null, 2),
    );
    out(
      `benchmark: ${options.shots} shots, ${options.panelFaultRate * 100}% off-model panels, ${options.videoFaultRate * 100}% video misreads, seed ${options.seed}`,
    );

    out("(a) gating every stage …");
    const gated = await runVariant(dir, "gated", options);
    out("(b) validating only the video …");
    const videoOnly = await runVariant(dir, "video-only", options, trustPanels);
    const oracle = oracleMicros(options);
    const orchestration = await orchestrationFigures(
      dir,
      bible,
      {
        overheadScene: SCOPE,
        overheadShots: options.shots,
        scaleShots: environment.scaleShots,
        postgresUrl: environment.postgresUrl,
        maxDuration: options.maxDuration,
      },
      out,
    );
    out("start-up of the CLI …");
    const startup = await startupFigures();
    out(`the Slack bot under load: ${SLACK_BURST} signed /render commands at once …`);
    const slackAck = await slackAckFigure(join(dir, "slack"), SLACK_BURST);

    // Cents are enough to compare strategies; the JSON line keeps the exact micro-dollars.
    const usd = (micros: number | null) =>
      micros === null ? "n/a" : formatUsd(Math.round(micros / 10_000) * 10_000);
    const bound = gated.bound ? boundFigures(gated, videoOnly, gated.bound, usd) : undefined;
    out("");
    out(`                          $/accepted shot   accepted   escalated   spent      wall`);
    for (const [label, result] of [
      ["(a) every stage gated", gated],
      ["(b) video-only validation", videoOnly],
    ] as const) {
      out(
        `${label.padEnd(26)}${usd(result.perAcceptedMicros).padEnd(18)}${String(result.accepted).padEnd(11)}${String(result.escalated).padEnd(12)}${usd(result.spentMicros).padEnd(11)}${result.seconds.toFixed(0)} s`,
      );
    }
    out(
      `${"(c) oracle (lower bound)".padEnd(26)}${usd(Math.round(oracle / options.shots)).padEnd(18)}${String(options.shots).padEnd(11)}${"0".padEnd(12)}${usd(oracle)}`,
    );
    if (bound) out(bound.row);
    out(
      `validator in (a): ${gated.falseAccepts} false accepts, ${gated.falseRejects} false rejects over ${gated.judged} judged artifacts (against the generators' fault logs)`,
    );
    out(
      `provider overrun (billed past the reservation): ${formatUsd(gated.providerOverrunMicros)} in (a), ${formatUsd(videoOnly.providerOverrunMicros)} in (b)`,
    );
    if (gated.judgeBorder) {
      const border = gated.judgeBorder;
      out(
        `judge border ±${border.band}: ${border.atBorder} of ${border.judgeCalls} judge answers in (a) sit at a threshold; a paid judge asks those once more, +${usd(border.extraMicros)} (the deterministic offline judge would answer the same, so the verdicts here do not change)`,
      );
    }
    for (const line of bound?.lines ?? []) out(line);
    printOrchestration(orchestration, out);
    for (const line of describeStartup(startup)) out(line);
    out(
      `slash-command acknowledgement: p50 ${slackAck.p50Ms} ms, p99 ${slackAck.p99Ms} ms over ${slackAck.requests} concurrent signed /render (${slackAck.acknowledged} answered 200; goal p99 <= 100 ms, Slack's limit 3 s)`,
    );
    const { bound: _bound, ...gatedFigures } = gated;
    const figures = {
      bench: "cost-per-accepted-shot",
      options,
      gated: gatedFigures,
      videoOnly,
      oracle: { spentMicros: oracle, perAcceptedMicros: Math.round(oracle / options.shots) },
      ...bound?.figures,
      overheadMsPerShot: orchestration.overheadMsPerShot,
      scale: orchestration.scale,
      workers: orchestration.workers,
      startup,
      slackAck,
    };
    out(JSON.stringify(figures));
    return figures;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
