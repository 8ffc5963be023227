CREATE INDEX `asks_created` ON `asks` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `asks_key_created` ON `asks` (`key_id`,`created_at`,`id`);