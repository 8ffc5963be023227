CREATE INDEX "asks_created" ON "asks" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "asks_key_created" ON "asks" USING btree ("key_id","created_at","id");