CREATE TABLE `sync_generations` (
	`id` text PRIMARY KEY NOT NULL,
	`first_seq` integer NOT NULL,
	`backup_file` text NOT NULL,
	`restored_at` text NOT NULL,
	`previous_last_seq` integer,
	`previous_acked_seq` integer,
	`kept_as` text
);
--> statement-breakpoint
CREATE TABLE `sync_received_chunks` (
	`id` integer PRIMARY KEY NOT NULL,
	`bundle_id` text NOT NULL,
	`first_seq` integer NOT NULL,
	`last_seq` integer NOT NULL,
	`payload` blob NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sync_received_chunks_bundle` ON `sync_received_chunks` (`bundle_id`,`first_seq`);--> statement-breakpoint
CREATE TABLE `sync_site_generations` (
	`installation_id` text NOT NULL,
	`generation_id` text NOT NULL,
	`first_seq` integer NOT NULL,
	`last_applied_seq` integer NOT NULL,
	PRIMARY KEY(`installation_id`, `generation_id`)
);
--> statement-breakpoint
CREATE TABLE `sync_site_histories` (
	`installation_id` text PRIMARY KEY NOT NULL,
	`generations` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
DROP INDEX `sync_reference_seq`;--> statement-breakpoint
ALTER TABLE `sync_reference_bundles` ADD `recipient_id` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `sync_reference_bundles` ADD `generation_id` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `sync_reference_seq` ON `sync_reference_bundles` (`central_id`,`direction`,`generation_id`,`reference_seq`);--> statement-breakpoint
ALTER TABLE `sync_applied_bundles` ADD `generations` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `sync_applied_bundles` ADD `segments` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `sync_conflicts` ADD `generation_id` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `sync_site_state` ADD `reference_generation` text DEFAULT '' NOT NULL;