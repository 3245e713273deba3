import type { InitDemoDeps } from "../../../commands/init-demo.ts";
import type { ValidateDeps } from "../../../commands/validate.ts";
import type { App } from "../../app/app.ts";
import type { ReportDeps } from "../../app/report/write-report.ts";
import type { Runtime } from "../../app/runtime.ts";

/**
 * The adapters two commands use outside a runtime, picked here with the rest: `validate` fits and
 * checks one image (and judges it offline), `init --demo` draws the offline studio's bible.
 */
export async function composeValidateDeps(
  app: App,
  runtime: () => Promise<Runtime>,
  requestedBy: string,
): Promise<ValidateDeps> {
  const [ffmpeg, { createFfmpegMediaTools }, { createFreeTier }, { createPixelJudge }] = await Promise.all([
    import("@ffmpeg-installer/ffmpeg"),
    import("../../adapters/ffmpeg/ffmpeg-media-tools.ts"),
    import("../../adapters/free-tier/create-free-tier.ts"),
    import("../../adapters/offline-judge/pixel-judge.ts"),
  ]);
  return {
    app,
    runtime,
    media: createFfmpegMediaTools({ ffmpegPath: ffmpeg.default.path }),
    // validate scores images from anywhere: location by pixels is advisory, as on any real model.
    freeTier: createFreeTier({ studioArtifacts: false }),
    offlineJudge: createPixelJudge(),
    requestedBy,
  };
}

export async function composeReportDeps(app: App): Promise<ReportDeps> {
  const { createSharpImageShrinker } = await import("../../adapters/sharp-image-shrinker.ts");
  return { db: (await app.database()).db, artifacts: app.artifacts(), shrinker: createSharpImageShrinker() };
}

export async function composeInitDemoDeps(app: App): Promise<InitDemoDeps> {
  const { writeDemoBible } = await import("../../adapters/offline-studio/demo-bible/write-demo-bible.ts");
  return { app, drawDemoBible: writeDemoBible };
}
