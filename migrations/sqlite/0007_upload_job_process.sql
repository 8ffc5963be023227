ALTER TABLE `upload_jobs` ADD `unlisted` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `upload_jobs` ADD `process_id` text DEFAULT '' NOT NULL;