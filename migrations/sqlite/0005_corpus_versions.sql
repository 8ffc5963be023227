CREATE TABLE `retired_tables` (
	`name` text PRIMARY KEY NOT NULL,
	`corpus` text NOT NULL,
	`retired_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`drop_after` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `corpora` ADD `embedding_settings` text;--> statement-breakpoint
ALTER TABLE `corpora` ADD `pending_settings` text;--> statement-breakpoint
ALTER TABLE `corpora` ADD `pending_chunk_size` integer;--> statement-breakpoint
ALTER TABLE `corpora` ADD `pending_chunk_overlap` integer;