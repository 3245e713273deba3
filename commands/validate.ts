import { z } from "zod";
import { readImageFile } from "../src/adapters/image-file.ts";
import type { App } from "../src/app/app.ts";
import { readBible } from "../src/app/bible/read-bible.ts";
import { judgeRequest } from "../src/app/engine/judge-request.ts";
import { judgeFile } from "../src/app/runs/judge-file.ts";
import type { Runtime } from "../src/app/runtime.ts";
import { AppError } from "../src/core/app-error.ts";
import { plateKey, turnaroundKey } from "../src/core/bible-layout.ts";
import type { Shot } from "../src/core/manifest.ts";
import { resolveScope } from "../src/core/scope.ts";
import { CRITERIA, type CriterionName, type Scores } from "../src/core/scores.ts";
import {
  type Failure,
  findingsAsMeasurements,
  type ListedFinding,
  measurements,
  parseJudgeAnswer,
  verdictOf,
} from "../src/core/verdict.ts";
import type { Judge } from "../src/ports/judge.ts";
import type { LocalChecks } from "../src/ports/local-checks.ts";
import type { MediaTools } from "../src/ports/media-tools.ts";
import { type CommandView, view } from "./command-view.ts";
import { parseArgs } from "./parse-args.ts";

const argsSchema = z.object({
  shot: z.string().trim().min(1, "give the shot the image is for, like 1A"),
  image: z.string().min(1, "give the image file to score"),
  bible: z.string().min(1).optional(),
  freeOnly: z.boolean().optional(),
});

/** Which part decided a criterion: the free tier, a judge, or nothing (not judged). */
type Decider = "free tier" | "offline judge" | "judge" | "not judged";

export interface ValidateData {
  shot: string;
  image: string;
  /** The image's own size and the frame it was fitted to, as the panel stage fits it. */
  size: { original: string; judged: string };
  passed: boolean;
  lowestScore: number;
  /** Which tier's findings decided each criterion. */
  decidedBy: Partial<Record<CriterionName, Decider>>;
  /** Every finding, free tier and judge, each marked decisive or advisory. */
  findings: (ListedFinding & { threshold: number })[];
  /** The judge's score sheet; null when no judge ran (free tier failed it, --free-only, no judge). */
  scores: Scores | null;
  /** Why no judge ran, when none did. */
  judgeNote: string | null;
  /** The run the paid judge call was made under (and charged to); null when nothing was paid. */
  runId: string | null;
  failures: Failure[];
}

export interface ValidateDeps {
  app: App;
  /** The runtime, opened only when a paid judge is to be called. */
  runtime: () => Promise<Runtime>;
  /** Fits the image to the frame, as the panel stage fits a model's answer. */
  media: Pick<MediaTools, "fitFrame">;
  /** The free tier as it runs on real models' output (location by pixels advisory). */
  freeTier: LocalChecks;
  /** The judge that reads the offline studio's drawings. */
  offlineJudge: Judge;
  requestedBy: string;
}

/**
 * `continuity validate --shot <ID> --image <FILE> [--free-only]`: the image is fitted to the frame
 * exactly as the panel stage fits a model's answer, the free tier runs, and then the configured
 * judge: the offline judge only where the offline studio draws the panels (it reads only its
 * drawings), the paid judge through the governor under a run of its own. Exit 0 pass, 1 fail.
 */
export async function validate(
  deps: ValidateDeps,
  input: { shot: string; image: string; bible?: string; freeOnly?: boolean },
): Promise<CommandView<ValidateData>> {
  const { app } = deps;
  const args = parseArgs(argsSchema, input, "validate");
  const bible = app.openBible(args.bible);
  const snapshot = await readBible(bible, app.probe);
  const scope = resolveScope(args.shot, snapshot.manifests);
  const shot = scope.shots[0];
  if (scope.shots.length !== 1 || !shot) {
    throw new AppError(
      "INVALID_ARGUMENT",
      `validate: --shot takes one shot, not ${JSON.stringify(args.shot)}`,
    );
  }
  const original = await readImageFile(args.image, "validate");
  const { width, height } = app.config.CONTINUITY_FRAME_SIZE;
  const { media } = deps;
  // An unreadable file is left as it is: the free tier says it is unreadable.
  const bytes = await media.fitFrame(original, width, height).catch(() => original);
  const sizeOf = async (image: Buffer) => {
    const meta = await app.probe.dimensions(image).catch(() => undefined);
    return meta ? `${meta.width}x${meta.height}` : "unreadable";
  };
  const size = { original: await sizeOf(original), judged: await sizeOf(bytes) };
  const thresholds = app.config.CONTINUITY_THRESHOLDS;
  const plate = await bible.read(plateKey(shot.location));
  const turnarounds = await Promise.all(
    shot.characters.map((member) => bible.read(turnaroundKey(member.id))),
  );

  const base = { shot: shot.id, image: args.image, size };
  const judgeProvider = app.config.CONTINUITY_JUDGE_PROVIDER;
  if (judgeProvider !== "local" && !args.freeOnly) {
    // The paid judge runs the free tier itself first, exactly as a render does.
    const runtime = await deps.runtime();
    const judged = await judgeFile(runtime, {
      shot: shot.id,
      bytes,
      requestedBy: deps.requestedBy,
      localChecks: deps.freeTier,
    });
    const findings = withThresholds(judged.findings, thresholds);
    const data: ValidateData = {
      ...base,
      passed: judged.verdict.passed,
      lowestScore: judged.verdict.score,
      decidedBy: decidersOf(findings, "judge"),
      findings,
      scores: null,
      judgeNote: judged.verdict.tier === "local" ? "the free tier failed it: no judge call was made" : null,
      runId: judged.runId,
      failures: judged.verdict.failures,
    };
    return view(data, renderValidation(data), data.passed ? 0 : 1);
  }

  const free = findingsAsMeasurements(
    await deps.freeTier.checkImage({
      bytes,
      expectedWidth: width,
      expectedHeight: height,
      plate,
      turnarounds,
    }),
  );
  const freeVerdict = verdictOf(free, thresholds);
  let judgeNote: string | null = null;
  let scores: Scores | null = null;
  if (args.freeOnly) judgeNote = "--free-only: no judge was asked";
  else if (!freeVerdict.passed) judgeNote = "the free tier failed it: no judge was asked";
  else if (app.config.CONTINUITY_PANEL_PROVIDER !== "local")
    judgeNote =
      "no judge: the offline judge reads only the offline studio's drawings; set CONTINUITY_JUDGE_PROVIDER=gemini to judge real panels";
  else
    scores = await offlineJudge(
      deps.offlineJudge,
      shot,
      scope.sceneId,
      bytes,
      plate,
      turnarounds,
      args.image,
    );

  const judgeMeasured = scores ? measurements(scores) : [];
  const verdict = verdictOf([...judgeMeasured, ...free], thresholds);
  const findings = withThresholds(
    [
      ...free.map((item) => ({ ...item, decisive: item.decisive !== false, tier: "local" })),
      ...judgeMeasured.map((item) => ({ ...item, decisive: true, tier: "offline judge" })),
    ],
    thresholds,
  );
  const data: ValidateData = {
    ...base,
    passed: verdict.passed,
    lowestScore: verdict.score,
    decidedBy: decidersOf(findings, "offline judge"),
    findings,
    scores,
    judgeNote,
    runId: null,
    failures: verdict.failures,
  };
  return view(data, renderValidation(data), verdict.passed ? 0 : 1);
}

async function offlineJudge(
  judge: Judge,
  shot: Shot,
  sceneId: string,
  bytes: Buffer,
  plate: Buffer,
  turnarounds: Buffer[],
  label: string,
): Promise<Scores> {
  const refs = {
    cast: shot.characters.map((member, i) => ({
      id: member.id,
      wardrobe: member.wardrobe,
      image: { bytes: turnarounds[i] as Buffer, mime: "image/png" },
    })),
    location: { bytes: plate, mime: "image/png" },
  };
  const answer = await judge.score(
    judgeRequest({ sceneId, shot, refs }, { bytes, kind: "panel", label }, new AbortController().signal),
  );
  return parseJudgeAnswer(
    answer.raw,
    shot.characters.map((member) => member.id),
  );
}

function withThresholds(
  findings: readonly ListedFinding[],
  thresholds: Record<CriterionName, number>,
): (ListedFinding & { threshold: number })[] {
  return findings.map((finding) => ({ ...finding, threshold: thresholds[finding.criterion] }));
}

/**
 * A decisive free-tier failure decides its criterion before any judge; otherwise the judge's
 * score does when it gave one, and the free tier's decisive measurement when it did not.
 */
function decidersOf(
  findings: readonly (ListedFinding & { threshold: number })[],
  judge: "offline judge" | "judge",
): Partial<Record<CriterionName, Decider>> {
  const out: Partial<Record<CriterionName, Decider>> = {};
  for (const criterion of CRITERIA) {
    const own = findings.filter((finding) => finding.criterion === criterion);
    const free = own.filter((finding) => finding.tier === "local" && finding.decisive);
    const judged = own.filter((finding) => finding.tier !== "local");
    if (free.some((finding) => finding.score < finding.threshold)) out[criterion] = "free tier";
    else if (judged.length > 0) out[criterion] = judge;
    else if (free.length > 0) out[criterion] = "free tier";
    else out[criterion] = "not judged";
  }
  return out;
}

function renderValidation(data: ValidateData): string {
  const lines = [
    `${data.image} (${data.size.original}, judged at ${data.size.judged}) against shot ${data.shot}: ${data.passed ? "PASS" : "FAIL"} (lowest ${data.lowestScore.toFixed(2)})`,
  ];
  for (const finding of data.findings) {
    const kind = finding.decisive ? "" : " (advisory)";
    lines.push(
      `  ${finding.criterion.padEnd(18)} ${(finding.subject ?? "").padEnd(10)} ${finding.score.toFixed(2)}  ${finding.tier}${kind}: ${finding.reason}`,
    );
  }
  lines.push(
    `decided by: ${Object.entries(data.decidedBy)
      .map(([criterion, by]) => `${criterion} ${by}`)
      .join(", ")}`,
  );
  if (data.judgeNote) lines.push(data.judgeNote);
  if (data.runId) lines.push(`judge call charged to run ${data.runId} (see continuity spend)`);
  for (const failure of data.failures) {
    lines.push(
      `FAIL ${failure.criterion}${failure.subject ? ` (${failure.subject})` : ""}: ${failure.score.toFixed(2)} < ${failure.threshold}: ${failure.reason}`,
    );
  }
  return lines.join("\n");
}
