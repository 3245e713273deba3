import sharp from "sharp";
import { AppError } from "../../core/app-error.ts";
import type { ImageModel, PanelRequest, PanelResult, ReferenceImage } from "../../ports/image-model.ts";
import { createMemo } from "./figures/memo-cache.ts";
import { type ReferenceFigure, readReferenceFigure } from "./figures/reference-figure.ts";
import { composePanel } from "./panel/compose-panel.ts";
import { describeFault, pickPanelFault } from "./panel/panel-faults.ts";
import { seededRandom } from "./panel/seeded-random.ts";

/**
 * The offline panel model: composes a storyboard panel from the locked references it is sent
 * (the cast cut from their turnarounds, dressed per the manifest, on the location plate). Like a
 * real model it sometimes gets a panel wrong, from its own seeded randomness; it never says so
 * in its answer. Faults go only to `onFault`, the log a benchmark compares verdicts with.
 */
export interface PanelFaultRecord {
  sceneId: string;
  shotId: string;
  frame: "start" | "end";
  attempt: number;
  fault: string | null;
}

export interface LocalImageModelOptions {
  seed: number;
  /** Probability in [0,1] that a panel comes out wrong. */
  faultRate: number;
  onFault?: (record: PanelFaultRecord) => void;
}

function reference(request: PanelRequest, role: ReferenceImage["role"], id: string): ReferenceImage {
  const found = request.references.find((r) => r.role === role && r.id === id);
  if (!found) {
    throw new AppError(
      "LOCAL_MODEL_REFERENCE_MISSING",
      `shot ${request.shot.id}: no ${role} reference for ${JSON.stringify(id)} was sent`,
      {
        shotId: request.shot.id,
        role,
        id,
      },
    );
  }
  return found;
}

/** A character's turnaround, sent alone or as its cell of a cast sheet (cut back out of the sheet's pixels). */
async function characterReference(request: PanelRequest, id: string): Promise<ReferenceImage> {
  const sheet = request.references.find((r) => r.role === "cast-sheet" && r.cells?.some((c) => c.id === id));
  const cell = sheet?.cells?.find((c) => c.id === id);
  if (!sheet || !cell) return reference(request, "character", id);
  const bytes = await sharp(sheet.bytes)
    .extract({ left: cell.left, top: cell.top, width: cell.width, height: cell.height })
    .png()
    .toBuffer();
  return { role: "character", id, key: `${sheet.key}#${id}`, bytes, mime: "image/png" };
}

export function createLocalImageModel(options: LocalImageModelOptions): ImageModel {
  const figures = createMemo<ReferenceFigure>();
  return {
    provider: "local",
    modelId: "local-compositor",
    simulated: true,
    async generatePanel(request: PanelRequest): Promise<PanelResult> {
      request.signal.throwIfAborted();
      const { shot } = request;
      const plate = reference(request, "location", shot.location);
      const cast = await Promise.all(
        shot.characters.map(async (member) => {
          const ref = await characterReference(request, member.id);
          const figure = await figures(ref.bytes, () => readReferenceFigure(ref.bytes, ref.key));
          return { id: member.id, wardrobe: member.wardrobe, figure };
        }),
      );
      request.signal.throwIfAborted();
      const random = seededRandom(
        `local-panel|${options.seed}|${request.sceneId}|${shot.id}|${request.frame}|${request.attempt}`,
      );
      const fault = pickPanelFault(random, shot, options.faultRate);
      const bytes = await composePanel({
        shot,
        frame: request.frame,
        width: request.width,
        height: request.height,
        plate: plate.bytes,
        cast,
        fault,
        random,
      });
      request.signal.throwIfAborted();
      options.onFault?.({
        sceneId: request.sceneId,
        shotId: shot.id,
        frame: request.frame,
        attempt: request.attempt,
        fault: fault ? describeFault(fault) : null,
      });
      return { bytes, mime: "image/png", usage: { images: 1 } };
    },
  };
}
