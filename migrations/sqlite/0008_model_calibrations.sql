CREATE TABLE `model_calibrations` (
	`model_id` text PRIMARY KEY NOT NULL,
	`calibration` text NOT NULL,
	`abstain_below` real NOT NULL,
	`retrieve_below` real,
	`agreement_below` real,
	`questions` integer NOT NULL,
	`datasets` text NOT NULL,
	`corpus` text NOT NULL,
	`strategies` text NOT NULL,
	`fitted_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
ALTER TABLE `asks` ADD `calibrated` integer;