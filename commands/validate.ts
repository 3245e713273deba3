import { readFile } from "node:fs/promises";
import { z } from "zod";
import { checkImage } from "../src/adapters/free-tier/image-checks.ts";
import { createPixelJudge } from "../src/adapters/offline-judge/pixel-judge.ts";
import { readBible } from "../src/app/bible/read-bible.ts";
import type { App } from "../src/compose.ts";
import { AppError } from "../src/core/app-error.ts";
import { plateKey, turnaroundKey } from "../src/core/bible-layout.ts";
import { resolveScope } from "../src/core/scope.ts";
import type { Scores } from "../src/core/scores.ts";
import {
  type Failure,
  findingsAsMeasurements,
  measurements,
  parseJudgeAnswer,
  type Verdict,
  verdictOf,
} from "../src/core/verdict.ts";
import { type CommandView, view } from "./command-view.ts";
import { parseArgs } from "./parse-args.ts";

const argsSchema = z.object({
  shot: z.string().trim().min(1, "give the shot the image is for, like 1A"),
  image: z.string().min(1, "give the image file to score"),
  bible: z.string().min(1).optional(),
});

export interface ValidateData {
  shot: string;
  image: string;
  passed: boolean;
  lowestScore: number;
  scores: Scores;
  local: Omit<Failure, "threshold">[];
  failures: Failure[];
}

/**
 * `continuity validate --shot <ID> --image <FILE>`: the free pixel validator (local checks and the
 * offline pixel judge) scores any image against a shot of the bible. Spends nothing: no run, no
 * ledger. Exit 0 when it passes, 1 when it fails.
 */
export async function validate(
  app: App,
  input: { shot: string; image: string; bible?: string },
): Promise<CommandView<ValidateData>> {
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
  let bytes: Buffer;
  try {
    bytes = await readFile(args.image);
  } catch (error) {
    throw new AppError(
      "INVALID_ARGUMENT",
      `validate: cannot read image ${args.image} (${(error as NodeJS.ErrnoException).code ?? error})`,
    );
  }
  const plate = await bible.read(plateKey(shot.location));
  const { width, height } = app.config.CONTINUITY_FRAME_SIZE;
  const meta = await app.probe.dimensions(bytes).catch(() => undefined);
  // Any size with the frame's aspect is fine here: the file is judged as it is, not as a render.
  const local = findingsAsMeasurements(
    await checkImage({
      bytes,
      expectedWidth: meta?.width ?? width,
      expectedHeight: meta ? Math.round((meta.width * height) / width) : height,
      plate,
    }),
  );
  const answer = await createPixelJudge().score({
    sceneId: scope.sceneId,
    shot,
    artifact: { bytes, mime: "image/png", kind: "panel", label: args.image },
    cast: await Promise.all(
      shot.characters.map(async (member) => ({
        id: member.id,
        wardrobe: member.wardrobe,
        turnaround: { bytes: await bible.read(turnaroundKey(member.id)), mime: "image/png" },
      })),
    ),
    location: { id: shot.location, plate: { bytes: plate, mime: "image/png" } },
    props: shot.props,
    signal: new AbortController().signal,
  });
  const scores = parseJudgeAnswer(
    answer.raw,
    shot.characters.map((member) => member.id),
  );
  const verdict: Verdict = verdictOf([...measurements(scores), ...local], app.config.CONTINUITY_THRESHOLDS);
  const data: ValidateData = {
    shot: shot.id,
    image: args.image,
    passed: verdict.passed,
    lowestScore: verdict.score,
    scores,
    local,
    failures: verdict.failures,
  };
  return view(data, renderValidation(data), verdict.passed ? 0 : 1);
}

function renderValidation(data: ValidateData): string {
  const row = (name: string, subject: string, criterion: { score: number; reason: string }) =>
    `  ${name.padEnd(18)} ${subject.padEnd(10)} ${criterion.score.toFixed(2)}  ${criterion.reason}`;
  const lines = [
    `${data.image} against shot ${data.shot}: ${data.passed ? "PASS" : "FAIL"} (lowest ${data.lowestScore.toFixed(2)})`,
  ];
  for (const character of data.scores.characters) {
    lines.push(
      row("identity", character.id, character.identity),
      row("wardrobe", character.id, character.wardrobe),
    );
  }
  lines.push(
    row("charactersPresent", "", data.scores.charactersPresent),
    row("location", "", data.scores.location),
  );
  lines.push(row("props", "", data.scores.props), row("artifacts", "", data.scores.artifacts));
  for (const finding of data.local) lines.push(row(finding.criterion, "local", finding));
  for (const failure of data.failures) {
    lines.push(
      `FAIL ${failure.criterion}${failure.subject ? ` (${failure.subject})` : ""}: ${failure.score.toFixed(2)} < ${failure.threshold}: ${failure.reason}`,
    );
  }
  return lines.join("\n");
}
