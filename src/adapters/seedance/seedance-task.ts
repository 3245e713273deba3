import { z } from "zod";
import type { VideoRequest } from "../../ports/video-model.ts";
import { nearestAspectRatio } from "../http/aspect-ratio.ts";

/**
 * The BytePlus ModelArk (Seedance) content-generation task API, as plain JSON:
 *   POST {base}/api/v3/contents/generations/tasks      { model, content[] } → { id }
 *   GET  {base}/api/v3/contents/generations/tasks/{id} → the task below
 *
 * Output settings travel in one of two ways. Seedance 1.x reads them as flags appended to the text
 * prompt ("--resolution 720p --ratio 16:9 --duration 5 …"); Seedance 2.0 takes them as top-level
 * body fields. The model id picks the default; `parameterStyle` overrides it.
 */
export type SeedanceParameterStyle = "text" | "body";

export const TASKS_PATH = "/api/v3/contents/generations/tasks";

const RATIOS = ["21:9", "16:9", "4:3", "1:1", "3:4", "9:16"];

type ContentItem =
  | { type: "text"; text: string }
  | { type: "image_url"; image_url: { url: string }; role: "first_frame" | "last_frame" };

export function defaultParameterStyle(model: string): SeedanceParameterStyle {
  return /seedance-[2-9]/i.test(model) ? "body" : "text";
}

export function createTaskBody(
  model: string,
  request: VideoRequest,
  style: SeedanceParameterStyle,
): Record<string, unknown> {
  const settings = {
    resolution: resolutionFor(request.width, request.height),
    ratio: nearestAspectRatio(request.width, request.height, RATIOS),
    duration: Math.round(request.durationSeconds),
    // Frames feed the validator; a watermark would be scored as an artifact.
    watermark: false,
  };
  const text =
    style === "text"
      ? `${request.prompt} --resolution ${settings.resolution} --ratio ${settings.ratio} --duration ${settings.duration} --watermark false`
      : request.prompt;
  const content: ContentItem[] = [
    { type: "text", text },
    { type: "image_url", image_url: { url: dataUrl(request.startPanel) }, role: "first_frame" },
  ];
  if (request.endPanel) {
    content.push({ type: "image_url", image_url: { url: dataUrl(request.endPanel) }, role: "last_frame" });
  }
  return style === "body" ? { model, content, ...settings } : { model, content };
}

export const createdTaskSchema = z.object({ id: z.string().min(1) });

export const taskSchema = z.object({
  id: z.string(),
  model: z.string().optional(),
  /** queued | running | succeeded | failed | cancelled | expired */
  status: z.string(),
  content: z.object({ video_url: z.string().optional() }).nullish(),
  usage: z
    .object({ completion_tokens: z.number().optional(), total_tokens: z.number().optional() })
    .nullish(),
  error: z.object({ code: z.string().optional(), message: z.string().optional() }).nullish(),
  duration: z.number().optional(),
});

export type SeedanceTask = z.infer<typeof taskSchema>;

function dataUrl(image: { bytes: Buffer; mime: string }): string {
  return `data:${image.mime.toLowerCase()};base64,${image.bytes.toString("base64")}`;
}

function resolutionFor(width: number, height: number): string {
  const shortSide = Math.min(width, height);
  if (shortSide >= 1080) return "1080p";
  if (shortSide >= 720) return "720p";
  return "480p";
}
