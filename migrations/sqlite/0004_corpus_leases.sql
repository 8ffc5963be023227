CREATE TABLE `corpus_leases` (
	`corpus` text PRIMARY KEY NOT NULL,
	`holder` text NOT NULL,
	`acquired_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`host` text NOT NULL,
	`pid` integer NOT NULL
);
