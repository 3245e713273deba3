import { SlashCommandBuilder, type SlashCommandStringOption } from "discord.js";

const scope = (what: string) => (option: SlashCommandStringOption) =>
  option
    .setName("scope")
    .setDescription(`${what}: a shot (1A), list (1A,1C), range (1A-1D) or scene`)
    .setRequired(true);
const budget = (option: SlashCommandStringOption) =>
  option.setName("budget").setDescription("per-run cap in dollars, like 0.50 or 15").setRequired(false);
const run = (what: string) => (option: SlashCommandStringOption) =>
  option.setName("run").setDescription(what).setRequired(false);

/** The slash commands `continuity discord register` installs: the same names and options the bot parses. */
export function discordCommands() {
  return [
    new SlashCommandBuilder()
      .setName("render")
      .setDescription("Run the gated pipeline; progress goes to a thread")
      .addStringOption(scope("what to render"))
      .addStringOption(budget),
    new SlashCommandBuilder()
      .setName("estimate")
      .setDescription("What a scope should cost, expected and worst case")
      .addStringOption(scope("what to estimate"))
      .addStringOption(budget),
    new SlashCommandBuilder()
      .setName("audit")
      .setDescription("Validate the manifest's existing panels; generates nothing")
      .addStringOption(scope("what to audit")),
    new SlashCommandBuilder()
      .setName("stop")
      .setDescription("Kill switch: no new paid action starts anywhere"),
    new SlashCommandBuilder()
      .setName("resume")
      .setDescription("Lift the stop and carry interrupted runs on (approvers only)")
      .addStringOption(run("only this run")),
    new SlashCommandBuilder()
      .setName("status")
      .setDescription("A run's shots, spend and open escalations")
      .addStringOption(run("run id (default: the latest)")),
    new SlashCommandBuilder()
      .setName("spend")
      .setDescription("What was spent, by provider and model")
      .addStringOption((option) =>
        option
          .setName("period")
          .setDescription("today (default) or the last 7 days")
          .addChoices({ name: "today", value: "today" }, { name: "week", value: "week" }),
      ),
    new SlashCommandBuilder().setName("bible").setDescription("The Asset Bible: roster, lock and problems"),
  ].map((command) => command.toJSON());
}
