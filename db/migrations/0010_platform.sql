CREATE TABLE `platform_calls` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`kind` text NOT NULL,
	`method` text NOT NULL,
	`state` text NOT NULL,
	`request_serial_code` text,
	`message` text DEFAULT '' NOT NULL,
	`records` integer NOT NULL,
	`created_at` text NOT NULL,
	`answered_at` text,
	`polls` integer DEFAULT 0 NOT NULL,
	`next_poll_at` text,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `platform_calls_open` ON `platform_calls` (`project_id`,`state`);--> statement-breakpoint
CREATE TABLE `platform_records` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`kind` text NOT NULL,
	`source_id` text NOT NULL,
	`label` text NOT NULL,
	`subject_id` text NOT NULL,
	`state` text NOT NULL,
	`failed_by` text,
	`message` text DEFAULT '' NOT NULL,
	`hint` text DEFAULT '' NOT NULL,
	`waiting_for` text DEFAULT '' NOT NULL,
	`call_id` text,
	`data_hash` text,
	`platform_key` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`send_alone` integer DEFAULT false NOT NULL,
	`next_attempt_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`done_at` text,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`call_id`) REFERENCES `platform_calls`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `platform_records_source` ON `platform_records` (`project_id`,`kind`,`source_id`);--> statement-breakpoint
CREATE INDEX `platform_records_state` ON `platform_records` (`project_id`,`kind`,`state`);--> statement-breakpoint
CREATE INDEX `platform_records_call` ON `platform_records` (`call_id`);