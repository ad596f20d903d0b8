DROP INDEX `persons_project_created`;--> statement-breakpoint
CREATE INDEX `persons_project_created` ON `persons` (`project_id`,`created_at`,`id`);