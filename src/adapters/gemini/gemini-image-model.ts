import { type GoogleGenAI, Modality, type Part } from "@google/genai";
import { ProviderError } from "../../core/provider-error.ts";
import type { ImageModel, PanelRequest, PanelResult } from "../../ports/image-model.ts";
import { nearestAspectRatio } from "../http/aspect-ratio.ts";
import { answerParts, emptyResult, usageFromMetadata } from "./gemini-response.ts";
import { generateContentWithin } from "./generate-content.ts";
import { panelInstructions, referenceCaption } from "./panel-prompt.ts";

export interface GeminiImageModelOptions {
  client: GoogleGenAI;
  model: string;
  /** Per call; the SDK sets no deadline of its own on Node. */
  timeoutMs?: number;
  /** Keys to scrub from error messages (the SDK's client does not expose its own). */
  redact?: readonly string[];
}

/** The ratios Gemini image models accept in imageConfig.aspectRatio. */
const IMAGE_ASPECT_RATIOS = ["1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"];

/**
 * Storyboard panels by image-to-image: the locked references go in as inline images, each with
 * a caption, followed by the shot's instructions. One call, one image, no retries here.
 */
export function createGeminiImageModel(options: GeminiImageModelOptions): ImageModel {
  const { client, model } = options;
  const timeoutMs = options.timeoutMs ?? 180_000;
  const context = { provider: "gemini", secrets: options.redact ?? [] };

  async function generatePanel(request: PanelRequest): Promise<PanelResult> {
    const parts: Part[] = [];
    for (const reference of request.references) {
      parts.push({ text: referenceCaption(reference, request.shot) });
      parts.push({ inlineData: { mimeType: reference.mime, data: reference.bytes.toString("base64") } });
    }
    parts.push({ text: panelInstructions(request) });

    const response = await generateContentWithin(
      { client, signal: request.signal, timeoutMs, context },
      {
        model,
        contents: [{ role: "user", parts }],
        config: {
          // TEXT alongside IMAGE is accepted by every Gemini image model; IMAGE alone is not.
          responseModalities: [Modality.TEXT, Modality.IMAGE],
          imageConfig: {
            aspectRatio: nearestAspectRatio(request.width, request.height, IMAGE_ASPECT_RATIOS),
          },
          candidateCount: 1,
          // Continuation would silently make (and bill) further calls under one reservation.
          automaticContinuation: false,
        },
      },
    );
    const image = answerParts(response).find((part) => part.inlineData?.data)?.inlineData;
    if (!image?.data) throw emptyResult(response, "image", context);
    const bytes = Buffer.from(image.data, "base64");
    const mime = sniffImageMime(bytes);
    if (!mime) {
      throw new ProviderError(
        "PROVIDER_UNSUPPORTED_MEDIA",
        `gemini: the image is neither PNG nor JPEG (declared ${image.mimeType ?? "no type"})`,
        "terminal",
        undefined,
        { provider: "gemini", declaredMime: image.mimeType },
      );
    }
    return { bytes, mime, usage: { ...usageFromMetadata(response.usageMetadata), images: 1 } };
  }

  return { provider: "gemini", modelId: model, simulated: false, generatePanel };
}

/** Trust the bytes over the declared mimeType: the port promises PNG or JPEG. */
function sniffImageMime(bytes: Buffer): "image/png" | "image/jpeg" | undefined {
  if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0x89504e47 && bytes.readUInt32BE(4) === 0x0d0a1a0a) {
    return "image/png";
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  return undefined;
}
