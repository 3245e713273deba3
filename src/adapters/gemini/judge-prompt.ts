import type { JudgeImage, JudgeRequest } from "../../ports/judge.ts";

/**
 * What the vision judge sees, in order. The expected cast and the previous shot are kept in
 * separate, labelled sections: given an earlier shot's people without that warning, judges
 * report clothing and presence problems for characters who are not meant to be in this frame.
 */
export type JudgeSegment = { text: string } | { image: JudgeImage };

export const JUDGE_SYSTEM_INSTRUCTION = [
  "You are the continuity supervisor of an animated film. You score one artifact (a storyboard panel",
  "or a video keyframe) against locked reference images and the shot's manifest.",
  "Give graded scores between 0 and 1, never just 0 or 1 by default: 1 = matches exactly,",
  "0.8 = small deviations a viewer would hardly notice, 0.5 = clearly noticeable deviations,",
  "0.2 = mostly wrong, 0 = wrong or absent. Each reason is one short sentence naming what you saw.",
  "Look at the full-resolution images closely. You do not decide pass or fail; you only score.",
].join(" ");

export function judgeSegments(request: JudgeRequest): JudgeSegment[] {
  const { shot, artifact, cast } = request;
  const segments: JudgeSegment[] = [];

  segments.push({
    text: `ARTIFACT TO SCORE: ${artifact.kind} "${artifact.label}" of shot ${shot.id}, scene ${request.sceneId}. Camera intent: ${shot.camera}.`,
  });
  segments.push({ image: artifact });

  if (cast.length === 0) {
    segments.push({ text: "EXPECTED CAST: nobody. The frame should show no characters." });
  } else {
    segments.push({
      text: `EXPECTED CAST: exactly these ${cast.length} character(s) should be in the artifact: ${cast.map((member) => member.id).join(", ")}.`,
    });
    for (const member of cast) {
      segments.push({
        text:
          `Character "${member.id}": canonical turnaround below. Judge identity (face, hair, build) against it; ` +
          `its clothing is NOT this shot's wardrobe. Wardrobe in this shot: ${member.wardrobe}.`,
      });
      segments.push({ image: member.turnaround });
    }
  }

  segments.push({ text: `LOCATION "${request.location.id}": canonical plate below.` });
  segments.push({ image: request.location.plate });

  segments.push({
    text:
      request.props.length > 0
        ? `KEY PROPS that must be visible: ${request.props.join("; ")}.`
        : "KEY PROPS: none required; score props 1.",
  });

  if (request.continuity) {
    segments.push({
      text:
        `PREVIOUS SHOT ${request.continuity.shotId}, FOR CONTINUITY ONLY. Its cast is not expected here: ` +
        "do not score identity, wardrobe or presence against it. Use it only to score continuity " +
        "(lighting, screen direction, set dressing and the state of shared elements across the cut).",
    });
    segments.push({ image: request.continuity });
  }

  segments.push({ text: scoringRules(request) });
  return segments;
}

function scoringRules(request: JudgeRequest): string {
  const ids = request.cast.map((member) => member.id);
  return [
    "Answer with JSON only, following the response schema:",
    ids.length > 0
      ? `- characters: one entry per expected character (${ids.join(", ")}), each with identity and wardrobe scores.`
      : "- characters: an empty list.",
    "  A character who is not in the artifact scores 0 for identity and wardrobe.",
    "- charactersPresent: missing lists expected ids not in the frame; extra describes anyone else in the frame.",
    "- location: the artifact's setting against the plate (layout, architecture, furniture, palette).",
    "- props: whether each key prop is visible and recognisable.",
    request.continuity
      ? "- continuity: against the previous shot, as described above."
      : "- continuity: null.",
    "- artifacts: anatomy errors, garbled text, blank or black areas, smearing or melting; 1 means none.",
  ].join("\n");
}
