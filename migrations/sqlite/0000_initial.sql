CREATE TABLE `corpora` (
	`name` text PRIMARY KEY NOT NULL,
	`embedding_model` text NOT NULL,
	`dimensions` integer NOT NULL,
	`active_table` text NOT NULL,
	`pending_table` text,
	`pending_model` text,
	`pending_dimensions` integer,
	`chunk_size` integer NOT NULL,
	`chunk_overlap` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `document_errors` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_id` text NOT NULL,
	`uri` text NOT NULL,
	`reason` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`job_id`) REFERENCES `index_jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `documents` (
	`corpus` text NOT NULL,
	`id` text NOT NULL,
	`uri` text NOT NULL,
	`title` text NOT NULL,
	`content_hash` text NOT NULL,
	`table_name` text NOT NULL,
	`status` text NOT NULL,
	`chunk_count` integer NOT NULL,
	`job_id` text NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`corpus`, `id`),
	FOREIGN KEY (`corpus`) REFERENCES `corpora`(`name`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `index_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`corpus` text NOT NULL,
	`status` text NOT NULL,
	`sources` text NOT NULL,
	`documents` integer DEFAULT 0 NOT NULL,
	`chunks` integer DEFAULT 0 NOT NULL,
	`embedded` integer DEFAULT 0 NOT NULL,
	`skipped` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`pruned` integer DEFAULT 0 NOT NULL,
	`error` text,
	`started_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`finished_at` text,
	`seconds` real
);
