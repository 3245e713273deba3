import type { AttemptRow } from "../../../db/queries/attempts.ts";
import { SCENE_SHOT_ID } from "../../app/engine/scene-stage.ts";
import type { Thresholds } from "../../core/verdict.ts";
import type { MediaTools } from "../../ports/media-tools.ts";
import type { Storage } from "../../ports/storage.ts";
import type { OutImage, OutMessage } from "../chat-port.ts";
import { blameLine } from "./blame-line.ts";
import { type JudgementRow, scoreFields, scoreTable } from "./score-table.ts";

const THUMB_WIDTH = 320;

export interface AttemptMessageInput {
  attempt: AttemptRow;
  judgements: readonly JudgementRow[];
  thresholds: Thresholds;
  artifacts: Storage;
  media: MediaTools;
}

function stageName(attempt: AttemptRow): string {
  if (attempt.shotId === SCENE_SHOT_ID) return "stitched scene, cut-to-cut continuity";
  if (attempt.source === "existing") return `existing ${attempt.stage}`;
  return attempt.stage;
}

/**
 * Thumbnails, never the full artifacts: a panel's stored thumbnail; for a clip, its middle
 * thumbnail and a thumbnail of its last keyframe (where start+end generation fails).
 */
async function thumbnails(input: AttemptMessageInput): Promise<OutImage[]> {
  const { attempt, artifacts, media } = input;
  const base = `${attempt.shotId}-${attempt.stage}-${attempt.number}`;
  const images: OutImage[] = [];
  const read = async (key: string | undefined) =>
    key ? artifacts.read(key).catch(() => undefined) : undefined;
  const thumb = await read(attempt.extras.thumb);
  if (thumb) {
    images.push({
      filename: `${base}${attempt.stage === "video" ? "-middle" : ""}.png`,
      bytes: thumb,
      title: `${attempt.shotId} ${stageName(attempt)} #${attempt.number}`,
    });
  }
  const last = await read(attempt.extras["kf-last"]);
  if (last) {
    images.push({
      filename: `${base}-last.png`,
      bytes: await media.thumbnail(last, THUMB_WIDTH),
      title: `${attempt.shotId} video #${attempt.number}, last frame`,
    });
  }
  return images;
}

/** One judged attempt: its thumbnail(s), verdict, score table, and on failure the blame. */
export async function attemptMessage(input: AttemptMessageInput): Promise<OutMessage> {
  const { attempt } = input;
  const passed = attempt.verdict === "passed";
  const retry = attempt.number > 1 ? ` (retry ${attempt.number - 1})` : "";
  const score = attempt.score === null ? "" : `, lowest ${attempt.score.toFixed(2)}`;
  const failures = attempt.failures.slice(0, 3);
  const table = scoreTable(input.judgements, input.thresholds);
  const footer = passed ? undefined : blameLine(attempt.blame);
  return {
    title: `${attempt.shotId === SCENE_SHOT_ID ? "🎞️ scene" : attempt.shotId} · ${stageName(attempt)} #${attempt.number}${retry}: ${passed ? "✅ passed" : `❌ ${attempt.verdict}`}${score}`,
    ...(failures.length && !passed
      ? {
          text: failures
            .map(
              (f) =>
                `• ${f.criterion}${f.subject ? ` (${f.subject})` : ""} ${f.score.toFixed(2)}: ${f.reason}`,
            )
            .join("\n"),
        }
      : {}),
    ...(table.length ? { fields: scoreFields(table, { showSource: attempt.stage === "video" }) } : {}),
    images: await thumbnails(input),
    ...(footer ? { footer } : {}),
    tone: passed ? "good" : "bad",
  };
}
