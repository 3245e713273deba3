import type { Bot } from "./bot.ts";
import { type ScheduledJob, SUMMARY_JOB, TIMEOUT_JOB } from "./bot-scheduler.ts";

/** The timed jobs: the daily summary at its time and zone, and the escalation timeout sweep. */
export function botJobs(bot: Bot, log: (line: string) => void): ScheduledJob[] {
  const jobs: ScheduledJob[] = [];
  const { summary, timezone, escalationTimeoutMinutes } = bot.settings;
  if (summary) {
    jobs.push({
      name: SUMMARY_JOB,
      cron: `${summary.minute} ${summary.hour} * * *`,
      tz: timezone,
      run: async () => {
        if (await bot.dailySummary()) log("posted the daily spend summary");
      },
    });
  }
  if (escalationTimeoutMinutes > 0) {
    jobs.push({
      name: TIMEOUT_JOB,
      cron: "* * * * *",
      tz: timezone,
      run: async () => {
        const expired = await bot.expireEscalations();
        if (expired.length) log(`escalations timed out (counted as ❌): ${expired.join(", ")}`);
      },
    });
  }
  return jobs;
}
