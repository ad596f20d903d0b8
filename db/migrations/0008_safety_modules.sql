CREATE TABLE `rule_editions` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`kind` text NOT NULL,
	`rule_key` text NOT NULL,
	`edition` integer NOT NULL,
	`origin` text NOT NULL,
	`content` text NOT NULL,
	`content_sha256` text NOT NULL,
	`note` text NOT NULL,
	`based_on` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`created_by_name` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rule_editions_project_key_edition` ON `rule_editions` (`project_id`,`rule_key`,`edition`);--> statement-breakpoint
CREATE TABLE `rectification_events` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`rectification_id` text NOT NULL,
	`type` text NOT NULL,
	`on_date` text NOT NULL,
	`user_id` text NOT NULL,
	`signer_name` text NOT NULL,
	`signer_role` text NOT NULL,
	`text` text NOT NULL,
	`deadline` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`rectification_id`) REFERENCES `rectifications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `rectification_events_record` ON `rectification_events` (`rectification_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `rectifications` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`source_kind` text NOT NULL,
	`source_id` text NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`location` text NOT NULL,
	`major` integer NOT NULL,
	`found_on` text NOT NULL,
	`found_by` text NOT NULL,
	`responsible` text NOT NULL,
	`deadline` text,
	`state` text NOT NULL,
	`reviews` integer DEFAULT 0 NOT NULL,
	`escalation_level` integer DEFAULT 0 NOT NULL,
	`closed_on` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `rectifications_project_state` ON `rectifications` (`project_id`,`state`);--> statement-breakpoint
CREATE INDEX `rectifications_source` ON `rectifications` (`source_kind`,`source_id`);--> statement-breakpoint
CREATE TABLE `safety_assessments` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`kind` text NOT NULL,
	`period` text NOT NULL,
	`checked_on` text NOT NULL,
	`inspector` text NOT NULL,
	`subject` text NOT NULL,
	`state` text NOT NULL,
	`revision` integer NOT NULL,
	`revision_of` text,
	`revision_reason` text NOT NULL,
	`summary_edition_id` text NOT NULL,
	`floor_area` integer NOT NULL,
	`structure_type` text NOT NULL,
	`result` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`summary_edition_id`) REFERENCES `rule_editions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `safety_assessments_project_period` ON `safety_assessments` (`project_id`,`period`);--> statement-breakpoint
CREATE TABLE `safety_briefings` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`briefed_on` text NOT NULL,
	`subject` text NOT NULL,
	`content` text NOT NULL,
	`briefer` text NOT NULL,
	`team` text NOT NULL,
	`dangerous` integer NOT NULL,
	`safety_officer` text NOT NULL,
	`attendees` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `safety_briefings_project_day` ON `safety_briefings` (`project_id`,`briefed_on`);--> statement-breakpoint
CREATE TABLE `safety_deductions` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`sheet_id` text NOT NULL,
	`item_no` integer NOT NULL,
	`line_no` integer NOT NULL,
	`per_points` integer NOT NULL,
	`quantity` integer NOT NULL,
	`points` integer NOT NULL,
	`note` text NOT NULL,
	`copied_from` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sheet_id`) REFERENCES `safety_sheets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `safety_deductions_sheet` ON `safety_deductions` (`sheet_id`);--> statement-breakpoint
CREATE TABLE `safety_hazards` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`rectification_id` text NOT NULL,
	`category` text NOT NULL,
	`level` text NOT NULL,
	`assessment_id` text,
	`deduction_id` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`rectification_id`) REFERENCES `rectifications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `safety_hazards_deduction` ON `safety_hazards` (`deduction_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `safety_hazards_rectification` ON `safety_hazards` (`rectification_id`);--> statement-breakpoint
CREATE TABLE `safety_profiles` (
	`project_id` text PRIMARY KEY NOT NULL,
	`floor_area` integer NOT NULL,
	`structure_type` text NOT NULL,
	`safety_officers` text NOT NULL,
	`training_hours` text,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `safety_sheets` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`assessment_id` text NOT NULL,
	`table_key` text NOT NULL,
	`edition_id` text NOT NULL,
	`missing_items` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assessment_id`) REFERENCES `safety_assessments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`edition_id`) REFERENCES `rule_editions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `safety_sheets_assessment_table` ON `safety_sheets` (`assessment_id`,`table_key`);--> statement-breakpoint
CREATE TABLE `safety_signatures` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`assessment_id` text NOT NULL,
	`step` text NOT NULL,
	`signer_name` text NOT NULL,
	`signer_role` text NOT NULL,
	`opinion` text NOT NULL,
	`user_id` text NOT NULL,
	`signed_on` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assessment_id`) REFERENCES `safety_assessments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `safety_signatures_assessment` ON `safety_signatures` (`assessment_id`);--> statement-breakpoint
CREATE TABLE `safety_trainings` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`person_id` text NOT NULL,
	`level` text NOT NULL,
	`reason` text NOT NULL,
	`work_type` text NOT NULL,
	`trained_on` text NOT NULL,
	`hours` integer NOT NULL,
	`trainer` text NOT NULL,
	`content` text NOT NULL,
	`score` integer,
	`passed` integer NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `persons`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `safety_trainings_person` ON `safety_trainings` (`person_id`,`trained_on`);--> statement-breakpoint
CREATE TABLE `worker_certificates` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`person_id` text NOT NULL,
	`system` text NOT NULL,
	`category` text NOT NULL,
	`number` text NOT NULL,
	`issuer` text NOT NULL,
	`issued_on` text NOT NULL,
	`expires_on` text NOT NULL,
	`next_review_on` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`revoked_at` text,
	`revoked_reason` text,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `persons`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `worker_certificates_person` ON `worker_certificates` (`person_id`);--> statement-breakpoint
CREATE INDEX `worker_certificates_project_expiry` ON `worker_certificates` (`project_id`,`expires_on`);