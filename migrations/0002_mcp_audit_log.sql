CREATE TABLE `mcp_audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`ts` integer NOT NULL,
	`tool` text NOT NULL,
	`caller` text NOT NULL,
	`arguments` text NOT NULL,
	`duration_ms` integer NOT NULL,
	`outcome` text NOT NULL,
	`error` text
);
--> statement-breakpoint
CREATE INDEX `mcp_audit_log_ts` ON `mcp_audit_log` (`ts`);--> statement-breakpoint
CREATE INDEX `mcp_audit_log_tool_ts` ON `mcp_audit_log` (`tool`,`ts`);