CREATE TABLE `dispositions` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`person_id` text NOT NULL,
	`state` text NOT NULL,
	`started_at` text,
	`method` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `persons`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `dispositions_person` ON `dispositions` (`person_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `entries` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`person_id` text NOT NULL,
	`id_number` text NOT NULL,
	`employer_id` text NOT NULL,
	`work_type` text NOT NULL,
	`team` text NOT NULL,
	`entered_on` text NOT NULL,
	`exited_on` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`exited_at` text,
	`exited_by` text,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `persons`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `entries_one_open_per_person` ON `entries` (`id_number`) WHERE exited_on is null;--> statement-breakpoint
CREATE INDEX `entries_project_open` ON `entries` (`project_id`,`exited_on`);--> statement-breakpoint
CREATE INDEX `entries_person` ON `entries` (`person_id`,`entered_on`);--> statement-breakpoint
CREATE TABLE `health_checks` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`person_id` text NOT NULL,
	`checked_at` text NOT NULL,
	`checked_on` text NOT NULL,
	`symptoms` text NOT NULL,
	`temperature_tenths` integer NOT NULL,
	`fever` integer NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `persons`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `health_checks_person_time` ON `health_checks` (`person_id`,`checked_at`);--> statement-breakpoint
CREATE INDEX `health_checks_project_day` ON `health_checks` (`project_id`,`checked_on`);--> statement-breakpoint
ALTER TABLE `persons` ADD `state` text DEFAULT 'clear' NOT NULL;--> statement-breakpoint
CREATE INDEX `persons_project_state` ON `persons` (`project_id`,`state`);