import type { CharacterScore, Criterion, Scores } from "../../core/scores.ts";
import type { Judge, JudgeRequest } from "../../ports/judge.ts";
import { type Rgb, ramp } from "../free-tier/pixels/colour.ts";
import { frameHealth } from "../free-tier/pixels/frame-health.ts";
import { type PlatePyramid, platePyramid } from "../free-tier/pixels/plate-fit.ts";
import { decodeRaster, imageSize } from "../free-tier/pixels/raster.ts";
import type { Anatomy } from "../offline-studio/figures/figure-anatomy.ts";
import { createMemo } from "../offline-studio/figures/memo-cache.ts";
import { loosePropColours } from "../offline-studio/figures/prop-signatures.ts";
import { type ReferenceFigure, readReferenceFigure } from "../offline-studio/figures/reference-figure.ts";
import { parseWardrobe, statedColours } from "../offline-studio/figures/wardrobe-spec.ts";
import { assignFigures, compareIdentity } from "./compare-identity.ts";
import { readScene } from "./read-scene.ts";
import { scoreContinuity } from "./score-continuity.ts";
import { scoreProps } from "./score-props.ts";
import { scoreWardrobe } from "./score-wardrobe.ts";

/**
 * The offline judge: scores a panel or keyframe on pixels alone, learning each character from
 * the turnaround it is sent (never from a table), the set from the plate, and the clothes from
 * the manifest's words. Its answer has the vision judge's shape, so the core validates and
 * derives verdicts from it exactly as it does for the paid judge.
 */
// Plates are measured at up to 1280 wide: the final alignment step needs plate detail finer than the frame's.
const PLATE_WIDTH = 1280;

function locationCriterion(match: number, foundBy: string, fitMatch: number): Criterion {
  const score = ramp(match, 0.8, 0.5);
  const reason =
    score >= 0.8
      ? `background matches the plate (${Math.round(match * 100)}% of the set visible around the figures)`
      : `background departs from the plate: ${Math.round(match * 100)}% of it matches${foundBy === "cast-colours" ? `, the plate fits nowhere in the frame (best ${Math.round(fitMatch * 100)}%)` : ""}`;
  return { score, reason };
}

export function createPixelJudge(): Judge {
  const references = createMemo<ReferenceFigure>();
  const plates = createMemo<PlatePyramid>(8);
  return {
    provider: "local",
    modelId: "pixel-judge",
    simulated: true,
    async score(request: JudgeRequest) {
      request.signal.throwIfAborted();
      const cast = await Promise.all(
        request.cast.map(async (member) => ({
          ...member,
          reference: await references(member.turnaround.bytes, () =>
            readReferenceFigure(member.turnaround.bytes, `turnaround of ${member.id}`),
          ),
        })),
      );
      const plateBytes = request.location.plate.bytes;
      const plate = await plates(plateBytes, async () => {
        const size = await imageSize(plateBytes);
        const full =
          size.width <= PLATE_WIDTH
            ? await decodeRaster(plateBytes)
            : await decodeRaster(plateBytes, {
                width: PLATE_WIDTH,
                height: Math.round((PLATE_WIDTH * size.height) / size.width),
              });
        return platePyramid(full);
      });
      const ink: Rgb = cast[0]?.reference.ink ?? [42, 37, 64];
      const castColours = cast.flatMap((m) => [
        m.reference.anatomy.hair,
        m.reference.anatomy.skin,
        m.reference.ink,
        ...[parseWardrobe(m.wardrobe)].flatMap((spec) =>
          [...statedColours(spec.top), ...statedColours(spec.bottom)].map((c) => c.rgb),
        ),
      ]);
      const likeness = (anatomy: Anatomy) =>
        Math.max(0, ...cast.map((m) => compareIdentity(m.reference.anatomy, anatomy).likeness));
      const reading = await readScene(
        request.artifact.bytes,
        plate,
        castColours,
        ink,
        loosePropColours(),
        likeness,
      );
      request.signal.throwIfAborted();

      const assignment = assignFigures(
        cast.map((m) => reading.figures.map((f) => compareIdentity(m.reference.anatomy, f.anatomy).likeness)),
      );
      const missing: string[] = [];
      const characters: CharacterScore[] = cast.map((m, i) => {
        const index = assignment[i];
        const figure = index === undefined ? undefined : reading.figures[index];
        if (!figure) {
          missing.push(m.id);
          return {
            id: m.id,
            identity: { score: 0, reason: "not found in the frame" },
            wardrobe: { score: 0, reason: "not found in the frame" },
          };
        }
        const identity = compareIdentity(m.reference.anatomy, figure.anatomy);
        return {
          id: m.id,
          identity: { score: identity.score, reason: identity.reason },
          wardrobe: scoreWardrobe(
            figure.cut,
            figure.anatomy,
            m.wardrobe,
            m.reference.anatomy.skin,
            m.reference.ink,
          ),
        };
      });
      const strangers = reading.figures.length - assignment.filter((a) => a !== undefined).length;
      const present = cast.length - missing.length;
      // Shapes that read as figures but match nobody are reported, not scored: offline they are as
      // likely a prop or a cast shadow as an uninvited character, and they have no id to name.
      const presentScore = missing.length === 0 ? 1 : (0.45 * present) / Math.max(1, cast.length);
      const charactersPresent = {
        score: presentScore,
        reason:
          missing.length > 0
            ? `missing: ${missing.join(", ")} (${present} of ${cast.length} expected found)`
            : strangers > 0
              ? `all ${cast.length} expected found; ${strangers} other figure-like shape${strangers > 1 ? "s" : ""} matched no one in the cast`
              : cast.length === 0
                ? "no characters expected and none seen"
                : `all ${cast.length} expected characters found`,
        missing,
        extra: [],
      };
      const location = locationCriterion(reading.backgroundMatch, reading.foundBy, reading.fit.match);
      const health = frameHealth(reading.frame);
      const artifacts = health.black.score < health.flat.score ? health.black : health.flat;
      let continuity: Criterion | null = null;
      if (request.continuity) {
        const adjacent = await decodeRaster(request.continuity.bytes, {
          width: reading.frame.width,
          height: reading.frame.height,
        });
        continuity = scoreContinuity(reading.frame, adjacent, plate.middle, request.continuity.shotId);
      }
      const raw: Scores = {
        characters,
        charactersPresent,
        location,
        props: scoreProps(request.props, reading, location, {
          ink,
          keyframe: request.artifact.kind === "keyframe",
        }),
        continuity,
        artifacts,
      };
      return { raw, usage: {} };
    },
  };
}
