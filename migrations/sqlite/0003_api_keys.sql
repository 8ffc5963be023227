CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`key_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`corpora` text,
	`scopes` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`expires_at` text,
	`revoked_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_key_hash` ON `api_keys` (`key_hash`);--> statement-breakpoint
ALTER TABLE `asks` ADD `key_id` text;--> statement-breakpoint
ALTER TABLE `feedback` ADD `key_id` text DEFAULT '' NOT NULL;--> statement-breakpoint
-- Feedback is one record per ask and key now: of the repeats stored before, keep each ask's latest.
DELETE FROM `feedback` WHERE `id` NOT IN (SELECT max(`id`) FROM `feedback` GROUP BY `ask_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `feedback_ask_key` ON `feedback` (`ask_id`,`key_id`);