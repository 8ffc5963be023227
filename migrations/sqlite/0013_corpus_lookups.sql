CREATE INDEX `document_errors_job` ON `document_errors` (`job_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `documents_corpus_status` ON `documents` (`corpus`,`status`,`id`);--> statement-breakpoint
CREATE INDEX `index_jobs_corpus` ON `index_jobs` (`corpus`);--> statement-breakpoint
CREATE INDEX `upload_jobs_run` ON `upload_jobs` (`run_id`);