import { rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { bibleCheck } from "../../commands/bible-check.ts";
import { bibleLock } from "../../commands/bible-lock.ts";
import { decide } from "../../commands/decide.ts";
import { initDemo } from "../../commands/init-demo.ts";
import { render } from "../../commands/render.ts";
import { report } from "../../commands/report.ts";
import { runSpend } from "../../db/queries/spend.ts";
import { type Config, loadConfig } from "../config.ts";
import { formatCents } from "../core/money.ts";
import { composeInitDemoDeps, composeReportDeps } from "./compose/command-deps.ts";
import { composeApp } from "./compose/compose-app.ts";
import { composeRuntime } from "./compose/compose-runtime.ts";
import { ledgerCommitted, terminalProgress } from "./terminal-progress.ts";

/**
 * What the demo changes about the configuration: its own bible and database under the data
 * folder (reset each time, so the simulated spend starts from zero), small frames so it runs in
 * a few minutes on two cores, and a seed whose faults show every gate at work.
 */
export const DEMO_DEFAULTS: Record<string, string> = {
  CONTINUITY_FRAME_SIZE: "640x360",
  CONTINUITY_LOCAL_SEED: "7",
  CONTINUITY_LOCAL_FAULT_RATE: "0.3",
  CONTINUITY_MAX_ATTEMPTS: "3",
  CONTINUITY_RUN_CAP_USD: "60",
  CONTINUITY_DAILY_CAP_USD: "200",
};

export function demoConfig(env: Record<string, string | undefined>): Config {
  const base = loadConfig({ ...DEMO_DEFAULTS, ...env });
  const demoDir = resolve(base.CONTINUITY_DATA_DIR, "demo");
  return loadConfig({
    ...DEMO_DEFAULTS,
    ...env,
    DATABASE_URL: "",
    CONTINUITY_DATA_DIR: demoDir,
    CONTINUITY_BIBLE: join(demoDir, "bible"),
    CONTINUITY_ARTIFACTS: join(demoDir, "artifacts"),
    CONTINUITY_USER: "demo",
  });
}

/** `npm start`: the whole product on the demo bible, offline, with no keys and no configuration. */
export async function runDemo(
  env: Record<string, string | undefined>,
  out: (line: string) => void,
): Promise<number> {
  const config = demoConfig(env);
  await rm(join(config.CONTINUITY_DATA_DIR, "db"), { recursive: true, force: true });
  await rm(join(config.CONTINUITY_DATA_DIR, "local-video"), { recursive: true, force: true });
  const app = composeApp(config);
  try {
    const bible = app.openBible();
    if ((await bible.listKeys("")).length === 0)
      out((await initDemo(await composeInitDemoDeps(app), {})).text);
    out((await bibleLock(app, { by: "demo" })).text);
    out((await bibleCheck(app, {})).text);

    const database = await app.database();
    const progress = terminalProgress(
      out,
      ledgerCommitted((id) => runSpend(database.db, id)),
    );
    const runtime = await composeRuntime(app, progress);
    try {
      out("\n== 1. render scene1 through every gate ==");
      const scene = await render(
        runtime,
        { scope: "scene1", requestedBy: "demo" },
        {
          onStart: (info) =>
            out(
              `run ${info.runId}: estimate ${info.expectedUsd} expected, ${info.worstUsd} worst case; cap ${info.capUsd}`,
            ),
        },
      );
      await progress.flushed();
      out(scene.text);
      let final = scene.data;
      // The demo plays the human approver; in a team this is a ✅ in the thread. An approved
      // shot goes on to its next gate, which may escalate again, hence the (bounded) loop.
      for (let round = 0; round < 20; round++) {
        const pending = final.escalations.find((item) => item.status === "pending");
        if (!pending) break;
        out(
          `\n== a human decides escalation ${pending.id} (${pending.shot}, ${pending.stage}): approve as "director" ==`,
        );
        const decided = await decide(runtime, "approve", { id: pending.id, by: "director" });
        await progress.flushed();
        out(decided.text);
        final = decided.data.run;
      }
      const deps = await composeReportDeps(app);
      const sceneReport = await report(deps, {
        run: final.runId,
        out: join(config.CONTINUITY_DATA_DIR, "reports"),
      });

      out("\n== 2. the budget halt: scene1 again under a $0.50 cap ==");
      const halted = await render(
        runtime,
        { scope: "1A-1C", budget: "0.50", requestedBy: "demo" },
        {
          onStart: (info) => {
            out(`run ${info.runId}: estimate ${info.expectedUsd} expected against a cap of ${info.capUsd}`);
            if (info.warning) out(`warning: ${info.warning}`);
          },
        },
      );
      await progress.flushed();
      out(halted.text);

      out("\n== where to look ==");
      const stitched =
        final.status === "done"
          ? resolve(config.CONTINUITY_ARTIFACTS as string, "runs", final.runId, "scene.mp4")
          : null;
      out(stitched ? `stitched scene: ${stitched}` : `scene1 ended ${final.status}: see above`);
      out(`report: ${sceneReport.data.path}`);
      out(
        `spent (simulated) ${formatCents(final.spentMicros)} against an estimate of ${formatCents(final.estimate.expectedMicros)}; the halted run spent ${formatCents(halted.data.spentMicros)} of ${formatCents(halted.data.capMicros)}`,
      );
      return final.status === "done" && halted.data.status === "halted" ? 0 : 1;
    } finally {
      await runtime.close();
    }
  } finally {
    await app.close();
  }
}
