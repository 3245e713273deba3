import type { Shot } from "../../core/manifest.ts";
import type { JudgeImage, JudgeRequest } from "../../ports/judge.ts";

/** The references a judge compares an image with: what the references gate passed. */
export interface JudgeReferences {
  cast: { id: string; wardrobe: string; image: JudgeImage }[];
  location: JudgeImage;
}

/**
 * What a judge is asked about one image of a shot, built in one place so a render, an audit and
 * `validate` ask every judge the same question.
 */
export function judgeRequest(
  ctx: { sceneId: string; shot: Shot; refs: JudgeReferences },
  image: {
    bytes: Buffer;
    kind: JudgeRequest["artifact"]["kind"];
    label: string;
    continuity?: JudgeRequest["continuity"];
  },
  signal: AbortSignal,
): JudgeRequest {
  return {
    sceneId: ctx.sceneId,
    shot: ctx.shot,
    artifact: { bytes: image.bytes, mime: "image/png", kind: image.kind, label: image.label },
    cast: ctx.refs.cast.map((member) => ({
      id: member.id,
      wardrobe: member.wardrobe,
      turnaround: { bytes: member.image.bytes, mime: member.image.mime },
    })),
    location: {
      id: ctx.shot.location,
      plate: { bytes: ctx.refs.location.bytes, mime: ctx.refs.location.mime },
    },
    props: ctx.shot.props,
    ...(image.continuity ? { continuity: image.continuity } : {}),
    signal,
  };
}
