import { z } from "zod";
import { budgetSchema } from "../core/money.ts";

/**
 * The chat commands' arguments. Slack sends one line of text, Discord named options; both are
 * checked here against one schema per command before anything is acknowledged, so a bad
 * argument gets a private answer naming what is wrong and what is expected.
 */
const scope = z
  .string({ message: "missing: give a shot (1A), a list (1A,1C), a range (1A-1D) or a scene (scene1)" })
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_,-]{0,199}$/,
    "expected a shot (1A), a list (1A,1C), a range (1A-1D) or a scene (scene1)",
  );

const budget = z.string().superRefine((text, ctx) => {
  const parsed = budgetSchema.safeParse(text);
  if (!parsed.success)
    for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", message: issue.message });
});

const run = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, "expected a run id like r1a2b3c4d (see /status)");

const SPECS = {
  render: {
    args: ["scope", "budget"],
    usage: "/render <scope> [budget]",
    schema: z.strictObject({ scope, budget: budget.optional() }),
  },
  estimate: {
    args: ["scope", "budget"],
    usage: "/estimate <scope> [budget]",
    schema: z.strictObject({ scope, budget: budget.optional() }),
  },
  audit: { args: ["scope"], usage: "/audit <scope>", schema: z.strictObject({ scope }) },
  stop: { args: [], usage: "/stop", schema: z.strictObject({}) },
  resume: { args: ["run"], usage: "/resume [run]", schema: z.strictObject({ run: run.optional() }) },
  status: { args: ["run"], usage: "/status [run]", schema: z.strictObject({ run: run.optional() }) },
  spend: {
    args: ["period"],
    usage: "/spend [today|week]",
    schema: z.strictObject({
      period: z.enum(["today", "week"], { message: "expected today or week" }).default("today"),
    }),
  },
  bible: { args: [], usage: "/bible", schema: z.strictObject({}) },
} as const;

export type CommandName = keyof typeof SPECS;
export type ChatCommand = {
  [K in CommandName]: { name: K; args: z.infer<(typeof SPECS)[K]["schema"]> };
}[CommandName];

export const COMMAND_NAMES = Object.keys(SPECS) as CommandName[];

/** `/render`, `render`, `/continuity-render` all name render (Slack reserves some names, like /status). */
export function commandName(raw: string): CommandName | undefined {
  const name = raw
    .trim()
    .replace(/^\//, "")
    .replace(/^continuity-/, "")
    .toLowerCase();
  return (COMMAND_NAMES as string[]).includes(name) ? (name as CommandName) : undefined;
}

export type ParsedCommand = { ok: true; command: ChatCommand } | { ok: false; message: string };

/** Parses one invocation: `text` (Slack: positional words) or `options` (Discord: named). */
export function parseCommand(
  raw: string,
  input: { text?: string; options?: Record<string, string | undefined> },
): ParsedCommand {
  const name = commandName(raw);
  if (!name)
    return {
      ok: false,
      message: `unknown command ${raw}; the commands are ${COMMAND_NAMES.map((item) => `/${item}`).join(", ")}`,
    };
  const spec = SPECS[name];
  const words = (input.text ?? "").trim().split(/\s+/).filter(Boolean);
  if (words.length === 1 && words[0]?.toLowerCase() === "help")
    return { ok: false, message: `usage: ${spec.usage}` };
  if (words.length > spec.args.length) {
    const extra = words.slice(spec.args.length).join(" ");
    return { ok: false, message: `${name}: unexpected ${JSON.stringify(extra)}\nusage: ${spec.usage}` };
  }
  const named: Record<string, string> = {};
  words.forEach((word, index) => {
    named[spec.args[index] as string] = word;
  });
  for (const [key, value] of Object.entries(input.options ?? {}))
    if (value !== undefined && value !== "") named[key] = value.trim();
  const parsed = spec.schema.safeParse(named);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join(".") || "arguments"}: ${issue.message}`,
    );
    return { ok: false, message: `${name}: ${problems.join("; ")}\nusage: ${spec.usage}` };
  }
  return { ok: true, command: { name, args: parsed.data } as ChatCommand };
}
