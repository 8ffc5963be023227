CREATE INDEX "document_errors_job" ON "document_errors" USING btree ("job_id","created_at","id");--> statement-breakpoint
CREATE INDEX "documents_corpus_status" ON "documents" USING btree ("corpus","status","id");--> statement-breakpoint
CREATE INDEX "index_jobs_corpus" ON "index_jobs" USING btree ("corpus");--> statement-breakpoint
CREATE INDEX "upload_jobs_run" ON "upload_jobs" USING btree ("run_id");