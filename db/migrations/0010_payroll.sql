CREATE TABLE `labour_cost_allocations` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`paid_on` text NOT NULL,
	`period` text NOT NULL,
	`progress_payment_fen` integer NOT NULL,
	`labour_cost_fen` integer NOT NULL,
	`share_bp` integer NOT NULL,
	`minimum_share_bp` integer NOT NULL,
	`payer` text DEFAULT '' NOT NULL,
	`voucher_no` text DEFAULT '' NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`voided_at` text,
	`voided_by` text,
	`void_reason` text,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `labour_cost_allocations_project` ON `labour_cost_allocations` (`project_id`,`paid_on`);--> statement-breakpoint
CREATE TABLE `payroll_bank_batches` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`month` text NOT NULL,
	`ledger_id` text,
	`template_id` text,
	`template_name` text NOT NULL,
	`format` text NOT NULL,
	`file_name` text NOT NULL,
	`file_sha256` text NOT NULL,
	`rows` text NOT NULL,
	`row_count` integer NOT NULL,
	`total_fen` integer NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`result_file_name` text,
	`result_sha256` text,
	`result_imported_at` text,
	`result_imported_by` text,
	`succeeded` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ledger_id`) REFERENCES `payroll_ledgers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`template_id`) REFERENCES `payroll_bank_templates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `payroll_bank_batches_month` ON `payroll_bank_batches` (`project_id`,`month`);--> statement-breakpoint
CREATE TABLE `payroll_bank_templates` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`name` text NOT NULL,
	`bank_code` text DEFAULT '' NOT NULL,
	`format` text NOT NULL,
	`delimiter` text DEFAULT ',' NOT NULL,
	`encoding` text DEFAULT 'utf8' NOT NULL,
	`header` integer DEFAULT true NOT NULL,
	`amount_unit` text DEFAULT 'yuan' NOT NULL,
	`columns` text NOT NULL,
	`result_columns` text NOT NULL,
	`success_words` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL,
	`retired_at` text,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `payroll_bank_templates_project` ON `payroll_bank_templates` (`project_id`);--> statement-breakpoint
CREATE TABLE `payroll_ledger_steps` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`ledger_id` text NOT NULL,
	`action` text NOT NULL,
	`from_state` text,
	`to_state` text NOT NULL,
	`by_user_id` text NOT NULL,
	`by_name` text NOT NULL,
	`by_role` text NOT NULL,
	`signer` text DEFAULT '' NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ledger_id`) REFERENCES `payroll_ledgers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `payroll_ledger_steps_ledger` ON `payroll_ledger_steps` (`ledger_id`,`at`);--> statement-breakpoint
CREATE TABLE `payroll_ledgers` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`month` text NOT NULL,
	`scope` text NOT NULL,
	`team_id` text,
	`employer_id` text NOT NULL,
	`scope_key` text NOT NULL,
	`kind` text NOT NULL,
	`original_ledger_id` text,
	`adjustment_reason` text DEFAULT '' NOT NULL,
	`state` text NOT NULL,
	`proration_rule` text NOT NULL,
	`scheduled_days` integer NOT NULL,
	`row_count` integer NOT NULL,
	`gross_fen` integer NOT NULL,
	`deduction_fen` integer NOT NULL,
	`net_fen` integer NOT NULL,
	`payable_fen` integer NOT NULL,
	`signed_sheet_attachment_id` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`original_ledger_id`) REFERENCES `payroll_ledgers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`signed_sheet_attachment_id`) REFERENCES `attachments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payroll_ledgers_regular` ON `payroll_ledgers` (`project_id`,`month`,`scope_key`) WHERE kind = 'regular';--> statement-breakpoint
CREATE INDEX `payroll_ledgers_project_month` ON `payroll_ledgers` (`project_id`,`month`);--> statement-breakpoint
CREATE TABLE `payroll_payments` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`ledger_id` text NOT NULL,
	`row_id` text NOT NULL,
	`batch_id` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`card_no` text NOT NULL,
	`status` text NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`paid_on` text NOT NULL,
	`voucher_no` text DEFAULT '' NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ledger_id`) REFERENCES `payroll_ledgers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`row_id`) REFERENCES `payroll_rows`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`batch_id`) REFERENCES `payroll_bank_batches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `payroll_payments_row` ON `payroll_payments` (`row_id`);--> statement-breakpoint
CREATE INDEX `payroll_payments_project` ON `payroll_payments` (`project_id`,`paid_on`);--> statement-breakpoint
CREATE TABLE `payroll_rows` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`ledger_id` text NOT NULL,
	`worker_id` text NOT NULL,
	`worker_no` text NOT NULL,
	`name` text NOT NULL,
	`id_number` text NOT NULL,
	`phone` text NOT NULL,
	`work_type` text NOT NULL,
	`team_name` text NOT NULL,
	`contract_id` text,
	`pay_method` text,
	`wage_fen` integer,
	`piece_unit` text DEFAULT '' NOT NULL,
	`attendance_days` integer NOT NULL,
	`hours_tenths` integer NOT NULL,
	`uncontracted_days` integer NOT NULL,
	`segments` text NOT NULL,
	`quantity_milli` integer,
	`base_fen` integer NOT NULL,
	`items` text NOT NULL,
	`gross_fen` integer NOT NULL,
	`tax_fen` integer NOT NULL,
	`social_fen` integer NOT NULL,
	`other_deduction_fen` integer NOT NULL,
	`other_deduction_reason` text DEFAULT '' NOT NULL,
	`net_fen` integer NOT NULL,
	`previous_net_fen` integer NOT NULL,
	`payable_fen` integer NOT NULL,
	`bank_name` text NOT NULL,
	`bank_code` text NOT NULL,
	`card_no` text NOT NULL,
	`due_on` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`warnings` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ledger_id`) REFERENCES `payroll_ledgers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`worker_id`) REFERENCES `workers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contract_id`) REFERENCES `labour_contracts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `payroll_rows_ledger` ON `payroll_rows` (`ledger_id`,`worker_no`);--> statement-breakpoint
CREATE INDEX `payroll_rows_worker` ON `payroll_rows` (`worker_id`);