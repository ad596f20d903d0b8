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
CREATE INDEX `payroll_rows_worker` ON `payroll_rows` (`worker_id`);--> statement-breakpoint
CREATE TABLE `appointments` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`position` text NOT NULL,
	`user_id` text,
	`name` text NOT NULL,
	`organization` text NOT NULL,
	`employer_id` text,
	`phone` text NOT NULL,
	`valid_from` text NOT NULL,
	`revoked_on` text,
	`revoked_reason` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `appointments_project_position` ON `appointments` (`project_id`,`position`);--> statement-breakpoint
CREATE INDEX `appointments_user` ON `appointments` (`user_id`);--> statement-breakpoint
CREATE TABLE `project_parties` (
	`project_id` text PRIMARY KEY NOT NULL,
	`owner_name` text NOT NULL,
	`supervisor_name` text NOT NULL,
	`survey_name` text NOT NULL,
	`design_name` text NOT NULL,
	`filed_on` text,
	`completed_on` text,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `record_signatures` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`record_kind` text NOT NULL,
	`record_id` text NOT NULL,
	`position` text NOT NULL,
	`position_label` text NOT NULL,
	`signer_name` text NOT NULL,
	`user_id` text,
	`appointment_id` text,
	`recorded_by` text NOT NULL,
	`recorded_by_name` text NOT NULL,
	`signed_on` text NOT NULL,
	`verdict` text NOT NULL,
	`opinion` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `record_signatures_record` ON `record_signatures` (`record_kind`,`record_id`);--> statement-breakpoint
CREATE TABLE `material_batches` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`received_on` text NOT NULL,
	`delivery_note` text NOT NULL,
	`material_type` text NOT NULL,
	`name` text NOT NULL,
	`spec` text NOT NULL,
	`grade` text NOT NULL,
	`quantity` real NOT NULL,
	`unit` text NOT NULL,
	`batch_no` text NOT NULL,
	`supplier` text NOT NULL,
	`manufacturer` text NOT NULL,
	`filing_no` text NOT NULL,
	`documents` text NOT NULL,
	`appearance_ok` integer NOT NULL,
	`appearance_note` text NOT NULL,
	`receiver` text NOT NULL,
	`intended_use` text NOT NULL,
	`compulsory` integer NOT NULL,
	`witness_edition_id` text NOT NULL,
	`state` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`witness_edition_id`) REFERENCES `rule_editions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `material_batches_project` ON `material_batches` (`project_id`,`received_on`);--> statement-breakpoint
CREATE TABLE `material_dispositions` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`batch_id` text NOT NULL,
	`report_id` text NOT NULL,
	`state` text NOT NULL,
	`method` text,
	`description` text NOT NULL,
	`return_note` text NOT NULL,
	`returned_on` text,
	`decided_on` text,
	`outcome` text,
	`closed_on` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`batch_id`) REFERENCES `material_batches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`report_id`) REFERENCES `material_reports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `material_dispositions_batch` ON `material_dispositions` (`batch_id`);--> statement-breakpoint
CREATE TABLE `material_pours` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`poured_on` text NOT NULL,
	`shift` text NOT NULL,
	`building` text NOT NULL,
	`storey` text NOT NULL,
	`part` text NOT NULL,
	`mix` text NOT NULL,
	`volume` real NOT NULL,
	`batch_id` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`batch_id`) REFERENCES `material_batches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `material_pours_project` ON `material_pours` (`project_id`,`poured_on`);--> statement-breakpoint
CREATE TABLE `material_reports` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`sample_id` text NOT NULL,
	`batch_id` text NOT NULL,
	`lab` text NOT NULL,
	`report_no` text NOT NULL,
	`reported_on` text NOT NULL,
	`cma` text NOT NULL,
	`results` text NOT NULL,
	`conclusion` text NOT NULL,
	`pdf_sha256` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sample_id`) REFERENCES `material_samples`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`batch_id`) REFERENCES `material_batches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `material_reports_number` ON `material_reports` (`project_id`,`lab`,`report_no`);--> statement-breakpoint
CREATE INDEX `material_reports_batch` ON `material_reports` (`batch_id`);--> statement-breakpoint
CREATE TABLE `material_samples` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`batch_id` text NOT NULL,
	`pour_id` text,
	`sampled_at` text NOT NULL,
	`sampled_on` text NOT NULL,
	`building` text NOT NULL,
	`storey` text NOT NULL,
	`axis` text NOT NULL,
	`sample_no` text NOT NULL,
	`groups` integer NOT NULL,
	`curing` text NOT NULL,
	`cast_on` text,
	`seal_no` text NOT NULL,
	`lab` text NOT NULL,
	`commission_no` text NOT NULL,
	`sampler_appointment_id` text NOT NULL,
	`sampler_name` text NOT NULL,
	`witness_appointment_id` text,
	`witness_name` text NOT NULL,
	`retest_of` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`batch_id`) REFERENCES `material_batches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`pour_id`) REFERENCES `material_pours`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sampler_appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`witness_appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `material_samples_batch` ON `material_samples` (`batch_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `material_samples_project_no` ON `material_samples` (`project_id`,`sample_no`);--> statement-breakpoint
CREATE TABLE `quality_acceptances` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`level` text NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`state` text NOT NULL,
	`acceptance_edition_id` text NOT NULL,
	`summary` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `quality_units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`acceptance_edition_id`) REFERENCES `rule_editions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `quality_acceptances_unit_code` ON `quality_acceptances` (`unit_id`,`level`,`code`);--> statement-breakpoint
CREATE TABLE `quality_concealed` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`part` text NOT NULL,
	`content` text NOT NULL,
	`checked_on` text NOT NULL,
	`state` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `quality_units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `quality_concealed_lots` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`concealed_id` text NOT NULL,
	`lot_id` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`concealed_id`) REFERENCES `quality_concealed`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lot_id`) REFERENCES `quality_lots`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `quality_concealed_lots_pair` ON `quality_concealed_lots` (`concealed_id`,`lot_id`);--> statement-breakpoint
CREATE INDEX `quality_concealed_lots_lot` ON `quality_concealed_lots` (`lot_id`);--> statement-breakpoint
CREATE TABLE `quality_lot_items` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`record_id` text NOT NULL,
	`group` text NOT NULL,
	`no` integer NOT NULL,
	`name` text NOT NULL,
	`requirement` text NOT NULL,
	`full_check` integer NOT NULL,
	`minimum_sample` integer,
	`sampled` integer NOT NULL,
	`qualified` integer NOT NULL,
	`severe_defect` integer NOT NULL,
	`required_rate` integer,
	`note` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`record_id`) REFERENCES `quality_lot_records`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `quality_lot_items_record` ON `quality_lot_items` (`record_id`,`group`,`no`);--> statement-breakpoint
CREATE TABLE `quality_lot_materials` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`lot_id` text NOT NULL,
	`batch_id` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lot_id`) REFERENCES `quality_lots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`batch_id`) REFERENCES `material_batches`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `quality_lot_materials_pair` ON `quality_lot_materials` (`lot_id`,`batch_id`);--> statement-breakpoint
CREATE INDEX `quality_lot_materials_batch` ON `quality_lot_materials` (`batch_id`);--> statement-breakpoint
CREATE TABLE `quality_lot_records` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`lot_id` text NOT NULL,
	`revision` integer NOT NULL,
	`revision_of` text,
	`path` text NOT NULL,
	`path_note` text NOT NULL,
	`inspected_on` text NOT NULL,
	`acceptance_edition_id` text NOT NULL,
	`state` text NOT NULL,
	`result` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lot_id`) REFERENCES `quality_lots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`acceptance_edition_id`) REFERENCES `rule_editions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `quality_lot_records_lot` ON `quality_lot_records` (`lot_id`,`revision`);--> statement-breakpoint
CREATE TABLE `quality_lots` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`division_code` text NOT NULL,
	`subdivision_code` text NOT NULL,
	`subitem_code` text NOT NULL,
	`name` text NOT NULL,
	`part` text NOT NULL,
	`capacity` integer NOT NULL,
	`capacity_unit` text NOT NULL,
	`plan_state` text NOT NULL,
	`divisions_edition_id` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `quality_units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`divisions_edition_id`) REFERENCES `rule_editions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `quality_lots_unit` ON `quality_lots` (`unit_id`,`subitem_code`);--> statement-breakpoint
CREATE TABLE `quality_measurements` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`unit_id` text,
	`location` text NOT NULL,
	`item_key` text NOT NULL,
	`item_name` text NOT NULL,
	`tolerance_edition_id` text NOT NULL,
	`lower` real NOT NULL,
	`upper` real NOT NULL,
	`measured_on` text NOT NULL,
	`measured_by` text NOT NULL,
	`points` text NOT NULL,
	`passed` integer NOT NULL,
	`total` integer NOT NULL,
	`rectification_id` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `quality_units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tolerance_edition_id`) REFERENCES `rule_editions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`rectification_id`) REFERENCES `rectifications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `quality_measurements_project` ON `quality_measurements` (`project_id`,`measured_on`);--> statement-breakpoint
CREATE TABLE `quality_problems` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`rectification_id` text NOT NULL,
	`origin` text NOT NULL,
	`lot_id` text,
	`measurement_id` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`rectification_id`) REFERENCES `rectifications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lot_id`) REFERENCES `quality_lots`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `quality_problems_rectification` ON `quality_problems` (`rectification_id`);--> statement-breakpoint
CREATE TABLE `quality_site_checks` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`edition_id` text NOT NULL,
	`items` text NOT NULL,
	`conclusion` text NOT NULL,
	`state` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`edition_id`) REFERENCES `rule_editions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `quality_units` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`name` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `quality_units_project_name` ON `quality_units` (`project_id`,`name`);--> statement-breakpoint
CREATE TABLE `supervision_contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`report_id` text NOT NULL,
	`contacted_at` text NOT NULL,
	`channel` text NOT NULL,
	`party` text NOT NULL,
	`person` text NOT NULL,
	`phone` text NOT NULL,
	`summary` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`report_id`) REFERENCES `supervision_emergency_reports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `supervision_contacts_report` ON `supervision_contacts` (`report_id`,`contacted_at`);--> statement-breakpoint
CREATE TABLE `supervision_emergency_reports` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`number` text NOT NULL,
	`kind` text NOT NULL,
	`subject` text NOT NULL,
	`content` text NOT NULL,
	`evidence` text NOT NULL,
	`source_rectification_id` text,
	`stop_order_id` text,
	`report_edition_id` text NOT NULL,
	`state` text NOT NULL,
	`signed_on` text,
	`queued_at` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`source_rectification_id`) REFERENCES `rectifications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`stop_order_id`) REFERENCES `supervision_stop_orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `supervision_emergency_number` ON `supervision_emergency_reports` (`project_id`,`number`);--> statement-breakpoint
CREATE TABLE `supervision_monthly_reports` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`period` text NOT NULL,
	`revision` integer NOT NULL,
	`revision_of` text,
	`revision_reason` text NOT NULL,
	`state` text NOT NULL,
	`figures` text NOT NULL,
	`figures_at` text NOT NULL,
	`sections` text NOT NULL,
	`report_edition_id` text NOT NULL,
	`signed_on` text,
	`queued_at` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `supervision_monthly_period` ON `supervision_monthly_reports` (`project_id`,`period`);--> statement-breakpoint
CREATE TABLE `supervision_notices` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`number` text NOT NULL,
	`rectification_id` text NOT NULL,
	`subject` text NOT NULL,
	`source_rectification_id` text,
	`issued_on` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`rectification_id`) REFERENCES `rectifications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`source_rectification_id`) REFERENCES `rectifications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `supervision_notices_number` ON `supervision_notices` (`project_id`,`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `supervision_notices_rectification` ON `supervision_notices` (`rectification_id`);--> statement-breakpoint
CREATE TABLE `supervision_side_records` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`recorded_on` text NOT NULL,
	`start_time` text NOT NULL,
	`end_time` text NOT NULL,
	`part` text NOT NULL,
	`construction` text NOT NULL,
	`supervision` text NOT NULL,
	`problems` text NOT NULL,
	`pour_id` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`pour_id`) REFERENCES `material_pours`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `supervision_side_records_day` ON `supervision_side_records` (`project_id`,`recorded_on`);--> statement-breakpoint
CREATE TABLE `supervision_stop_orders` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`number` text NOT NULL,
	`issued_on` text NOT NULL,
	`scope` text NOT NULL,
	`reason` text NOT NULL,
	`requirement` text NOT NULL,
	`notice_id` text,
	`source_rectification_id` text,
	`reported_to_owner_on` text,
	`state` text NOT NULL,
	`resume_application` text NOT NULL,
	`resume_applied_on` text,
	`resumed_on` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`notice_id`) REFERENCES `supervision_notices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`source_rectification_id`) REFERENCES `rectifications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `supervision_stop_orders_number` ON `supervision_stop_orders` (`project_id`,`number`);--> statement-breakpoint
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
CREATE INDEX `platform_records_call` ON `platform_records` (`call_id`);--> statement-breakpoint
ALTER TABLE `safety_briefings` ADD `team_id` text REFERENCES teams(id);--> statement-breakpoint
ALTER TABLE `safety_trainings` ADD `team_id` text REFERENCES teams(id);