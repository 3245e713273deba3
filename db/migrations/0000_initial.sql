CREATE TABLE "attempts" (
	"id" serial PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"shot_id" text NOT NULL,
	"stage" text NOT NULL,
	"number" integer NOT NULL,
	"source" text NOT NULL,
	"artifact_key" text,
	"artifact_hash" text,
	"extras" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"verdict" text DEFAULT 'pending' NOT NULL,
	"score" double precision,
	"blame" text,
	"failures" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bible_locks" (
	"id" serial PRIMARY KEY NOT NULL,
	"bible_uri" text NOT NULL,
	"version" text NOT NULL,
	"entries" jsonb NOT NULL,
	"locked_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "budgets" (
	"scope" text PRIMARY KEY NOT NULL,
	"cap_micros" bigint NOT NULL,
	"committed_micros" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chat_events" (
	"platform" text NOT NULL,
	"event_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chat_events_platform_event_id_pk" PRIMARY KEY("platform","event_id")
);
--> statement-breakpoint
CREATE TABLE "control" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "escalations" (
	"id" text PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"shot_id" text NOT NULL,
	"stage" text NOT NULL,
	"attempt_id" integer,
	"artifact_hash" text,
	"reason" text NOT NULL,
	"blame" text,
	"scores" jsonb,
	"status" text NOT NULL,
	"requested_by" text NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger" (
	"id" serial PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"shot_id" text,
	"attempt_id" integer,
	"day" text NOT NULL,
	"action" text NOT NULL,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"price_version" text NOT NULL,
	"simulated" boolean NOT NULL,
	"status" text NOT NULL,
	"reserved_micros" bigint NOT NULL,
	"actual_micros" bigint,
	"usage" jsonb,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"settled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "provider_operations" (
	"id" serial PRIMARY KEY NOT NULL,
	"ledger_id" integer NOT NULL,
	"run_id" text NOT NULL,
	"shot_id" text NOT NULL,
	"attempt_id" integer NOT NULL,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"client_request_id" text NOT NULL,
	"operation_id" text,
	"status" text NOT NULL,
	"detail" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "run_shots" (
	"run_id" text NOT NULL,
	"shot_id" text NOT NULL,
	"order" integer NOT NULL,
	"state" jsonb NOT NULL,
	"status" text NOT NULL,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "run_shots_run_id_shot_id_pk" PRIMARY KEY("run_id","shot_id")
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"id" text PRIMARY KEY NOT NULL,
	"bible_uri" text NOT NULL,
	"bible_version" text NOT NULL,
	"scope" text NOT NULL,
	"scene_id" text NOT NULL,
	"status" text NOT NULL,
	"frames" boolean DEFAULT false NOT NULL,
	"cap_micros" bigint NOT NULL,
	"estimate_expected_micros" bigint NOT NULL,
	"estimate_worst_micros" bigint NOT NULL,
	"halt_reason" text,
	"requested_by" text NOT NULL,
	"settings" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "validations" (
	"id" serial PRIMARY KEY NOT NULL,
	"attempt_id" integer NOT NULL,
	"tier" text NOT NULL,
	"subject" text NOT NULL,
	"scores" jsonb NOT NULL,
	"passed" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "run_shots" ADD CONSTRAINT "run_shots_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "validations" ADD CONSTRAINT "validations_attempt_id_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."attempts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "attempts_run_shot_stage_number" ON "attempts" USING btree ("run_id","shot_id","stage","number");--> statement-breakpoint
CREATE INDEX "escalations_run" ON "escalations" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "ledger_run" ON "ledger" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "ledger_day" ON "ledger" USING btree ("day");--> statement-breakpoint
CREATE UNIQUE INDEX "provider_operations_client_request" ON "provider_operations" USING btree ("client_request_id");--> statement-breakpoint
CREATE INDEX "validations_attempt" ON "validations" USING btree ("attempt_id");