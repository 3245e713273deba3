CREATE TABLE "chat_escalation_messages" (
	"platform" text NOT NULL,
	"channel" text NOT NULL,
	"message_id" text NOT NULL,
	"run_id" text NOT NULL,
	"escalation_id" text NOT NULL,
	CONSTRAINT "chat_escalation_messages_platform_channel_message_id_pk" PRIMARY KEY("platform","channel","message_id"),
	CONSTRAINT "chat_escalation_messages_platform_check" CHECK ("chat_escalation_messages"."platform" in ('slack', 'discord'))
);
--> statement-breakpoint
CREATE TABLE "chat_threads" (
	"run_id" text PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"root_channel" text NOT NULL,
	"root_message_id" text NOT NULL,
	"channel" text NOT NULL,
	"thread_id" text,
	"requested_by" text NOT NULL,
	"posted" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"escalations" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"root_shown" text DEFAULT '' NOT NULL,
	"summarised" text,
	"open" boolean DEFAULT true NOT NULL,
	"lease_owner" text,
	"lease_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chat_threads_platform_check" CHECK ("chat_threads"."platform" in ('slack', 'discord'))
);
--> statement-breakpoint
CREATE INDEX "chat_threads_open" ON "chat_threads" USING btree ("open");--> statement-breakpoint
ALTER TABLE "attempts" ADD CONSTRAINT "attempts_verdict_check" CHECK ("attempts"."verdict" in ('pending', 'passed', 'failed', 'error'));--> statement-breakpoint
ALTER TABLE "escalations" ADD CONSTRAINT "escalations_status_check" CHECK ("escalations"."status" in ('pending', 'approved', 'rejected', 'superseded'));--> statement-breakpoint
ALTER TABLE "ledger" ADD CONSTRAINT "ledger_status_check" CHECK ("ledger"."status" in ('reserved', 'settled', 'released', 'uncertain'));--> statement-breakpoint
ALTER TABLE "provider_operations" ADD CONSTRAINT "provider_operations_status_check" CHECK ("provider_operations"."status" in ('submitting', 'submitted', 'succeeded', 'failed', 'not-sent', 'uncertain', 'abandoned'));--> statement-breakpoint
ALTER TABLE "run_shots" ADD CONSTRAINT "run_shots_status_check" CHECK ("run_shots"."status" in ('pending', 'running', 'accepted', 'escalated', 'failed', 'halted', 'stopped'));--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_status_check" CHECK ("runs"."status" in ('pending', 'running', 'stitching', 'done', 'halted', 'stopped', 'escalated', 'failed'));--> statement-breakpoint
ALTER TABLE "scene_gates" ADD CONSTRAINT "scene_gates_status_check" CHECK ("scene_gates"."status" in ('pending', 'stitching', 'passed', 'escalated', 'failed', 'halted', 'stopped'));--> statement-breakpoint
-- Written by hand after the generated statements: the bot's thread state moves out of `control`
-- (keys chat:thread:<run> and chat:message:<platform>:<channel>:<message>), so a team upgrading
-- keeps every thread, its lease and every escalation message's link.
INSERT INTO "chat_threads" ("run_id", "platform", "root_channel", "root_message_id", "channel", "thread_id", "requested_by", "posted", "escalations", "root_shown", "summarised", "open", "lease_owner", "lease_at")
SELECT
	coalesce("value"->>'runId', substr("key", length('chat:thread:') + 1)),
	"value"->>'platform',
	"value"->'root'->>'channel',
	"value"->'root'->>'id',
	"value"->'place'->>'channel',
	"value"->'place'->>'thread',
	coalesce("value"->>'requestedBy', ''),
	coalesce("value"->'posted', '[]'::jsonb),
	coalesce("value"->'escalations', '{}'::jsonb),
	coalesce("value"->>'rootShown', ''),
	"value"->>'summarised',
	coalesce(("value"->>'open')::boolean, false),
	"updated_by",
	"updated_at"
FROM "control"
WHERE "key" LIKE 'chat:thread:%'
	AND "value"->>'platform' IN ('slack', 'discord')
	AND "value"->'root'->>'channel' IS NOT NULL
	AND "value"->'root'->>'id' IS NOT NULL
	AND "value"->'place'->>'channel' IS NOT NULL
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "chat_escalation_messages" ("platform", "channel", "message_id", "run_id", "escalation_id")
SELECT
	split_part("key", ':', 3),
	split_part("key", ':', 4),
	substring("key" from '^chat:message:[^:]*:[^:]*:(.*)$'),
	"value"->>'runId',
	"value"->>'escalationId'
FROM "control"
WHERE "key" LIKE 'chat:message:%'
	AND split_part("key", ':', 3) IN ('slack', 'discord')
	AND "value"->>'runId' IS NOT NULL
	AND "value"->>'escalationId' IS NOT NULL
ON CONFLICT DO NOTHING;--> statement-breakpoint
DELETE FROM "control" WHERE "key" LIKE 'chat:thread:%' OR "key" LIKE 'chat:message:%';
