import { H264_OUTPUT_ARGS } from "./h264-output.ts";
import type { ProbedVideo } from "./parse-probe.ts";

const AUDIO_FORMAT = "aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo";

/**
 * ffmpeg arguments (without the output path) that join clips in order with the concat filter.
 * Every clip is brought to the first clip's size, frame rate and pixel format first: clips from
 * different providers (or a re-rendered shot) may differ, and the concat filter refuses
 * mismatched inputs, while the concat demuxer would silently produce a broken file. When any
 * clip has sound, silent clips get generated silence so the soundtrack stays in sync.
 */
export function stitchArgs(clips: { file: string; info: ProbedVideo }[]): string[] {
  const first = clips[0];
  if (!first) throw new Error("stitchArgs needs at least one clip");
  const width = even(first.info.width);
  const height = even(first.info.height);
  const fps = first.info.fps;
  const withAudio = clips.some((clip) => clip.info.hasAudio);

  const inputs: string[] = [];
  const filters: string[] = [];
  const pads: string[] = [];
  for (const clip of clips) inputs.push("-i", clip.file);
  let nextInput = clips.length;
  clips.forEach((clip, i) => {
    filters.push(
      `[${i}:v:0]scale=${width}:${height}:force_original_aspect_ratio=decrease,` +
        `pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=${fps},format=yuv420p[v${i}]`,
    );
    pads.push(`[v${i}]`);
    if (!withAudio) return;
    const duration = clip.info.durationSeconds.toFixed(3);
    if (clip.info.hasAudio) {
      filters.push(`[${i}:a:0]${AUDIO_FORMAT},apad,atrim=duration=${duration}[a${i}]`);
    } else {
      inputs.push("-f", "lavfi", "-t", duration, "-i", "anullsrc=r=48000:cl=stereo");
      filters.push(`[${nextInput}:a:0]${AUDIO_FORMAT}[a${i}]`);
      nextInput += 1;
    }
    pads.push(`[a${i}]`);
  });
  filters.push(
    `${pads.join("")}concat=n=${clips.length}:v=1:a=${withAudio ? 1 : 0}[v]${withAudio ? "[a]" : ""}`,
  );

  return [
    ...inputs,
    "-filter_complex",
    filters.join(";"),
    "-map",
    "[v]",
    ...(withAudio ? ["-map", "[a]", "-c:a", "aac", "-b:a", "128k"] : []),
    ...H264_OUTPUT_ARGS,
  ];
}

function even(value: number): number {
  return Math.max(2, value - (value % 2));
}
