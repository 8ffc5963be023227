CREATE TABLE `asks` (
	`id` text PRIMARY KEY NOT NULL,
	`question` text NOT NULL,
	`corpus` text,
	`strategy` text NOT NULL,
	`parameters` text NOT NULL,
	`answer` text NOT NULL,
	`confidence` real NOT NULL,
	`abstained` integer NOT NULL,
	`retrievals` integer NOT NULL,
	`model_calls` integer NOT NULL,
	`prompt_tokens` integer NOT NULL,
	`completion_tokens` integer NOT NULL,
	`latency_ms` real NOT NULL,
	`status` text NOT NULL,
	`error` text,
	`trace` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
