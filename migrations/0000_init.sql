CREATE TABLE `log_texts` (
	`hash` text PRIMARY KEY NOT NULL,
	`text` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `mocks` (
	`name` text PRIMARY KEY NOT NULL,
	`current_version` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `plan_chunks` (
	`mock` text NOT NULL,
	`version` text NOT NULL,
	`seq` integer NOT NULL,
	`data` text NOT NULL,
	PRIMARY KEY(`mock`, `version`, `seq`)
);
--> statement-breakpoint
CREATE TABLE `plans` (
	`mock` text NOT NULL,
	`version` text NOT NULL,
	`title` text NOT NULL,
	`spec_version` text NOT NULL,
	`operation_count` integer NOT NULL,
	`warning_count` integer NOT NULL,
	`size` integer NOT NULL,
	`chunk_count` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`mock`, `version`)
);
--> statement-breakpoint
CREATE TABLE `request_logs` (
	`id` text NOT NULL,
	`mock` text NOT NULL,
	`plan_version` text NOT NULL,
	`ts` integer NOT NULL,
	`method` text NOT NULL,
	`path` text NOT NULL,
	`operation_id` text,
	`query` text NOT NULL,
	`request_headers` text NOT NULL,
	`request_body` text,
	`request_body_size` integer NOT NULL,
	`status` integer NOT NULL,
	`response_headers` text,
	`response_headers_hash` text,
	`response_body` text,
	`response_body_hash` text,
	`response_body_size` integer NOT NULL,
	`latency_ms` integer NOT NULL,
	`client_address` text,
	`user_agent` text,
	`session_id` text,
	`correlation_id` text NOT NULL,
	`validation_errors` text,
	PRIMARY KEY(`mock`, `id`)
);
--> statement-breakpoint
CREATE INDEX `request_logs_mock_ts` ON `request_logs` (`mock`,`ts`);--> statement-breakpoint
CREATE INDEX `request_logs_mock_session` ON `request_logs` (`mock`,`session_id`) WHERE "request_logs"."session_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `request_logs_mock_correlation` ON `request_logs` (`mock`,`correlation_id`);--> statement-breakpoint
CREATE INDEX `request_logs_mock_status` ON `request_logs` (`mock`,`status`);--> statement-breakpoint
CREATE INDEX `request_logs_mock_operation` ON `request_logs` (`mock`,`operation_id`);