CREATE TABLE `deployments` (
	`mock` text PRIMARY KEY NOT NULL,
	`target` text NOT NULL,
	`mock_url` text NOT NULL,
	`admin_url` text NOT NULL,
	`base_path` text NOT NULL,
	`hostnames` text NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`expires_at` integer
);
--> statement-breakpoint
CREATE INDEX `deployments_expires` ON `deployments` (`expires_at`);