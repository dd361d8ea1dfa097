CREATE TABLE `test_sessions` (
	`mock` text NOT NULL,
	`id` text NOT NULL,
	`name` text,
	`metadata` text,
	`origin` text NOT NULL,
	`created_at` integer NOT NULL,
	`ended_at` integer,
	PRIMARY KEY(`mock`, `id`)
);
--> statement-breakpoint
CREATE INDEX `test_sessions_mock_created` ON `test_sessions` (`mock`,`created_at`);--> statement-breakpoint
INSERT OR IGNORE INTO `test_sessions` (`mock`, `id`, `origin`, `created_at`) SELECT `mock`, `session_id`, 'traffic', MIN(`ts`) FROM `request_logs` WHERE `session_id` IS NOT NULL GROUP BY `mock`, `session_id`;
