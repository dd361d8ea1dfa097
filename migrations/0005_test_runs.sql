CREATE TABLE `test_run_chunks` (
	`run_id` text NOT NULL,
	`seq` integer NOT NULL,
	`data` text NOT NULL,
	PRIMARY KEY(`run_id`, `seq`)
);
--> statement-breakpoint
CREATE TABLE `test_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`mock` text,
	`target` text NOT NULL,
	`status` text NOT NULL,
	`options` text NOT NULL,
	`summary` text,
	`schedule_id` text,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`reason` text
);
--> statement-breakpoint
CREATE INDEX `test_runs_kind_created` ON `test_runs` (`kind`,`created_at`);--> statement-breakpoint
CREATE INDEX `test_runs_mock_created` ON `test_runs` (`mock`,`created_at`);