DROP INDEX `request_logs_mock_ts`;--> statement-breakpoint
DROP INDEX `request_logs_mock_operation`;--> statement-breakpoint
CREATE INDEX `request_logs_mock_ts` ON `request_logs` (`mock`,`ts`,`status`,`latency_ms`);--> statement-breakpoint
CREATE INDEX `request_logs_mock_operation` ON `request_logs` (`mock`,`operation_id`,`method`,`status`,`latency_ms`,`ts`);