ALTER TABLE `safety_briefings` ADD `team_id` text REFERENCES teams(id);--> statement-breakpoint
ALTER TABLE `safety_trainings` ADD `team_id` text REFERENCES teams(id);