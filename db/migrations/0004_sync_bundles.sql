CREATE TABLE `sync_acks` (
	`id` text PRIMARY KEY NOT NULL,
	`last_seq` integer NOT NULL,
	`previous_seq` integer NOT NULL,
	`status` text NOT NULL,
	`bundle_sha256` text NOT NULL,
	`via` text NOT NULL,
	`ack` text NOT NULL,
	`received_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_applied_bundles` (
	`id` text PRIMARY KEY NOT NULL,
	`installation_id` text NOT NULL,
	`first_seq` integer NOT NULL,
	`last_seq` integer NOT NULL,
	`applied_from_seq` integer NOT NULL,
	`changes_applied` integer NOT NULL,
	`conflicts` integer NOT NULL,
	`files` integer NOT NULL,
	`bundle_sha256` text NOT NULL,
	`source` text NOT NULL,
	`file_name` text NOT NULL,
	`applied_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sync_applied_installation` ON `sync_applied_bundles` (`installation_id`,`last_seq`);--> statement-breakpoint
CREATE TABLE `sync_conflicts` (
	`id` text PRIMARY KEY NOT NULL,
	`installation_id` text NOT NULL,
	`seq` integer NOT NULL,
	`table_name` text NOT NULL,
	`row_id` text NOT NULL,
	`op` text NOT NULL,
	`data` text NOT NULL,
	`reason` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sync_conflicts_installation` ON `sync_conflicts` (`installation_id`,`seq`);--> statement-breakpoint
CREATE TABLE `sync_delivered_files` (
	`sha256` text PRIMARY KEY NOT NULL,
	`delivered_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_exports` (
	`id` text PRIMARY KEY NOT NULL,
	`first_seq` integer NOT NULL,
	`last_seq` integer NOT NULL,
	`changes` integer NOT NULL,
	`files` integer NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`path` text NOT NULL,
	`channel` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_id_aliases` (
	`table_name` text NOT NULL,
	`site_id` text NOT NULL,
	`central_id` text NOT NULL,
	`installation_id` text NOT NULL,
	`at` text NOT NULL,
	PRIMARY KEY(`table_name`, `site_id`)
);
--> statement-breakpoint
CREATE TABLE `sync_identity` (
	`installation_id` text PRIMARY KEY NOT NULL,
	`role` text DEFAULT 'site' NOT NULL,
	`public_key` text NOT NULL,
	`private_key` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`installation_id`) REFERENCES `installation`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `sync_peers` (
	`installation_id` text PRIMARY KEY NOT NULL,
	`role` text NOT NULL,
	`name` text NOT NULL,
	`public_key` text NOT NULL,
	`fingerprint` text NOT NULL,
	`registration` text NOT NULL,
	`last_applied_seq` integer DEFAULT 0 NOT NULL,
	`last_bundle_at` text,
	`trusted_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_pushes` (
	`id` text PRIMARY KEY NOT NULL,
	`export_id` text NOT NULL,
	`url` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text,
	`last_error` text,
	`acked_seq` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`export_id`) REFERENCES `sync_exports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sync_pushes_status` ON `sync_pushes` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `sync_reference_bundles` (
	`id` text PRIMARY KEY NOT NULL,
	`direction` text NOT NULL,
	`central_id` text NOT NULL,
	`reference_seq` integer NOT NULL,
	`summary` text NOT NULL,
	`file_name` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sync_reference_seq` ON `sync_reference_bundles` (`central_id`,`direction`,`reference_seq`);--> statement-breakpoint
CREATE TABLE `sync_row_owners` (
	`table_name` text NOT NULL,
	`row_id` text NOT NULL,
	`installation_id` text NOT NULL,
	PRIMARY KEY(`table_name`, `row_id`)
);
--> statement-breakpoint
CREATE TABLE `sync_site_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`acked_seq` integer DEFAULT 0 NOT NULL,
	`acked_at` text,
	`central_url` text DEFAULT '' NOT NULL,
	`export_folder` text DEFAULT '' NOT NULL,
	`reference_seq` integer DEFAULT 0 NOT NULL
);
