CREATE INDEX "ledger_attempt" ON "ledger" USING btree ("attempt_id");--> statement-breakpoint
CREATE INDEX "provider_operations_ledger" ON "provider_operations" USING btree ("ledger_id");--> statement-breakpoint
CREATE INDEX "provider_operations_attempt" ON "provider_operations" USING btree ("attempt_id");