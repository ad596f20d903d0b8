CREATE TABLE `attendance_device_status` (
	`device_id` text PRIMARY KEY NOT NULL,
	`last_seen_at` text,
	`last_push_at` text,
	`clock_offset_sec` integer,
	`clock_checked_at` text,
	FOREIGN KEY (`device_id`) REFERENCES `attendance_devices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `attendance_devices` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`vendor` text NOT NULL,
	`serial` text NOT NULL,
	`direction` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`location` text DEFAULT '' NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`disabled_at` text,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attendance_devices_serial` ON `attendance_devices` (`serial`);--> statement-breakpoint
CREATE TABLE `attendance_makeups` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`worker_id` text NOT NULL,
	`punched_at` text NOT NULL,
	`direction` text NOT NULL,
	`reason` text NOT NULL,
	`requested_by` text NOT NULL,
	`requested_at` text NOT NULL,
	`state` text NOT NULL,
	`decided_by` text,
	`decided_at` text,
	`decision_note` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`worker_id`) REFERENCES `workers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `attendance_makeups_project` ON `attendance_makeups` (`project_id`,`state`,`punched_at`);--> statement-breakpoint
CREATE TABLE `attendance_punches` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`source` text NOT NULL,
	`device_id` text,
	`device_serial` text NOT NULL,
	`person_ref` text NOT NULL,
	`worker_id` text,
	`punched_at` text NOT NULL,
	`direction` text NOT NULL,
	`verify_mode` text DEFAULT '' NOT NULL,
	`received_at` text NOT NULL,
	`payload_sha256` text NOT NULL,
	`payload` text NOT NULL,
	`clock_offset_sec` integer,
	`picture_sha256` text,
	`makeup_id` text,
	`created_by` text,
	`matched_by` text,
	`matched_at` text,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`device_id`) REFERENCES `attendance_devices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`worker_id`) REFERENCES `workers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`makeup_id`) REFERENCES `attendance_makeups`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attendance_punches_once` ON `attendance_punches` (`source`,`device_serial`,`person_ref`,`punched_at`);--> statement-breakpoint
CREATE INDEX `attendance_punches_project_time` ON `attendance_punches` (`project_id`,`punched_at`);--> statement-breakpoint
CREATE INDEX `attendance_punches_worker_time` ON `attendance_punches` (`worker_id`,`punched_at`);--> statement-breakpoint
CREATE INDEX `attendance_punches_unmatched` ON `attendance_punches` (`project_id`,`punched_at`) WHERE worker_id is null;--> statement-breakpoint
CREATE TABLE `dispatches` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`worker_id` text NOT NULL,
	`team_id` text NOT NULL,
	`work_type` text NOT NULL,
	`dispatched_on` text NOT NULL,
	`ended_on` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`worker_id`) REFERENCES `workers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `dispatches_worker` ON `dispatches` (`worker_id`,`dispatched_on`);--> statement-breakpoint
CREATE INDEX `dispatches_team` ON `dispatches` (`team_id`,`dispatched_on`);--> statement-breakpoint
CREATE TABLE `gate_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`vendor` text NOT NULL,
	`serial` text NOT NULL,
	`device_id` text,
	`project_id` text,
	`path` text NOT NULL,
	`remote` text NOT NULL,
	`status` text NOT NULL,
	`message` text NOT NULL,
	`accepted` integer DEFAULT 0 NOT NULL,
	`duplicates` integer DEFAULT 0 NOT NULL,
	`rejected` integer DEFAULT 0 NOT NULL,
	`unmatched` integer DEFAULT 0 NOT NULL,
	`body_sha256` text NOT NULL,
	`body_bytes` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `gate_requests_device` ON `gate_requests` (`device_id`,`id`);--> statement-breakpoint
CREATE INDEX `gate_requests_project` ON `gate_requests` (`project_id`,`id`);--> statement-breakpoint
CREATE TABLE `labour_contracts` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`worker_id` text NOT NULL,
	`employer_id` text NOT NULL,
	`contract_no` text DEFAULT '' NOT NULL,
	`signed_on` text NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text,
	`term_type` text NOT NULL,
	`pay_method` text NOT NULL,
	`wage_fen` integer NOT NULL,
	`piece_unit` text DEFAULT '' NOT NULL,
	`pay_day` integer NOT NULL,
	`scan_attachment_id` text,
	`terminated_on` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`worker_id`) REFERENCES `workers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`scan_attachment_id`) REFERENCES `attachments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `labour_contracts_worker` ON `labour_contracts` (`worker_id`,`starts_on`);--> statement-breakpoint
CREATE TABLE `teams` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`employer_id` text NOT NULL,
	`name` text NOT NULL,
	`work_type` text NOT NULL,
	`leader_worker_id` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL,
	`disbanded_on` text,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`leader_worker_id`) REFERENCES `workers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `teams_project_name` ON `teams` (`project_id`,`name`);--> statement-breakpoint
CREATE TABLE `wage_cards` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`worker_id` text NOT NULL,
	`bank_name` text NOT NULL,
	`bank_code` text NOT NULL,
	`card_no` text NOT NULL,
	`luhn_valid` integer NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`retired_at` text,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`worker_id`) REFERENCES `workers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `wage_cards_worker` ON `wage_cards` (`worker_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `workers` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`person_id` text NOT NULL,
	`worker_no` text NOT NULL,
	`employer_id` text NOT NULL,
	`work_type` text NOT NULL,
	`team_id` text,
	`hired_on` text NOT NULL,
	`safety_training_on` text,
	`photo_attachment_id` text,
	`emergency_contact_name` text DEFAULT '' NOT NULL,
	`emergency_contact_phone` text DEFAULT '' NOT NULL,
	`emergency_contact_relation` text DEFAULT '' NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `persons`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`photo_attachment_id`) REFERENCES `attachments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `workers_person_id_unique` ON `workers` (`person_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `workers_project_no` ON `workers` (`project_id`,`worker_no`);--> statement-breakpoint
CREATE INDEX `workers_project_team` ON `workers` (`project_id`,`team_id`);--> statement-breakpoint
ALTER TABLE `employers` ADD `leader_name` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `employers` ADD `leader_phone` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `employers` ADD `labour_officer_name` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `employers` ADD `labour_officer_phone` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `entries` ADD `exit_reason` text;