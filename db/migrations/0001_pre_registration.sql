CREATE TABLE `employers` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`name` text NOT NULL,
	`credit_code` text NOT NULL,
	`participant_type` text NOT NULL,
	`contract_no` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `employers_project_credit` ON `employers` (`project_id`,`credit_code`);--> statement-breakpoint
CREATE TABLE `family_members` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`person_id` text NOT NULL,
	`id_number` text NOT NULL,
	`name` text NOT NULL,
	`phone` text NOT NULL,
	`origin_province_code` text NOT NULL,
	`origin_province` text NOT NULL,
	`origin_city_code` text NOT NULL,
	`origin_city` text NOT NULL,
	`health_cloud` text,
	`pre_registered_on` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `persons`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `family_person_id_number` ON `family_members` (`person_id`,`id_number`);--> statement-breakpoint
CREATE TABLE `health_cloud_records` (
	`id` text PRIMARY KEY NOT NULL,
	`id_number` text NOT NULL,
	`name` text NOT NULL,
	`phone` text NOT NULL,
	`report_address` text NOT NULL,
	`report_time` text NOT NULL,
	`temperature` text NOT NULL,
	`health_status` text NOT NULL,
	`travel_time` text NOT NULL,
	`travel_mode` text NOT NULL,
	`from_hubei` integer NOT NULL,
	`from_wuhan` integer NOT NULL,
	`stopover` integer NOT NULL,
	`stay_place` text NOT NULL,
	`home_address` text NOT NULL,
	`source` text NOT NULL,
	`imported_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `health_cloud_id_time` ON `health_cloud_records` (`id_number`,`report_time`);--> statement-breakpoint
CREATE TABLE `persons` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`category` text NOT NULL,
	`id_number` text NOT NULL,
	`name` text NOT NULL,
	`sex` text NOT NULL,
	`birth_date` text NOT NULL,
	`phone` text NOT NULL,
	`origin_province_code` text NOT NULL,
	`origin_province` text NOT NULL,
	`origin_city_code` text NOT NULL,
	`origin_city` text NOT NULL,
	`employer_id` text NOT NULL,
	`health_cloud` text,
	`pinyin_initials` text NOT NULL,
	`pinyin_full` text NOT NULL,
	`pre_registered_on` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `persons_project_id_number` ON `persons` (`project_id`,`id_number`);--> statement-breakpoint
CREATE INDEX `persons_project_created` ON `persons` (`project_id`,`created_at`);