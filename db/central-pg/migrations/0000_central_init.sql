CREATE TABLE "appointments" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"position" text NOT NULL,
	"user_id" text,
	"name" text NOT NULL,
	"organization" text NOT NULL,
	"employer_id" text,
	"phone" text NOT NULL,
	"valid_from" text NOT NULL,
	"revoked_on" text,
	"revoked_reason" text,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "appointments_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "attachments" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"purpose" text NOT NULL,
	"owner_id" text NOT NULL,
	"sha256" text NOT NULL,
	"file_name" text NOT NULL,
	"mime" text NOT NULL,
	"size" bigint NOT NULL,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	"deleted_at" text,
	CONSTRAINT "attachments_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "attendance_devices" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"vendor" text NOT NULL,
	"serial" text NOT NULL,
	"direction" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	"disabled_at" text,
	CONSTRAINT "attendance_devices_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "attendance_makeups" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"worker_id" text NOT NULL,
	"punched_at" text NOT NULL,
	"direction" text NOT NULL,
	"reason" text NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" text NOT NULL,
	"state" text NOT NULL,
	"decided_by" text,
	"decided_at" text,
	"decision_note" text DEFAULT '' NOT NULL,
	CONSTRAINT "attendance_makeups_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "attendance_punches" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"source" text NOT NULL,
	"device_id" text,
	"device_serial" text NOT NULL,
	"person_ref" text NOT NULL,
	"worker_id" text,
	"punched_at" text NOT NULL,
	"direction" text NOT NULL,
	"verify_mode" text DEFAULT '' NOT NULL,
	"received_at" text NOT NULL,
	"payload_sha256" text NOT NULL,
	"payload" text NOT NULL,
	"clock_offset_sec" bigint,
	"picture_sha256" text,
	"makeup_id" text,
	"created_by" text,
	"matched_by" text,
	"matched_at" text,
	CONSTRAINT "attendance_punches_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "central_meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dispatches" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"worker_id" text NOT NULL,
	"team_id" text NOT NULL,
	"work_type" text NOT NULL,
	"dispatched_on" text NOT NULL,
	"ended_on" text,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "dispatches_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "dispositions" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"person_id" text NOT NULL,
	"state" text NOT NULL,
	"started_at" text,
	"method" text,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "dispositions_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "employers" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"name" text NOT NULL,
	"credit_code" text NOT NULL,
	"participant_type" text NOT NULL,
	"contract_no" text NOT NULL,
	"created_at" text NOT NULL,
	"leader_name" text DEFAULT '' NOT NULL,
	"leader_phone" text DEFAULT '' NOT NULL,
	"labour_officer_name" text DEFAULT '' NOT NULL,
	"labour_officer_phone" text DEFAULT '' NOT NULL,
	CONSTRAINT "employers_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "entries" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"person_id" text NOT NULL,
	"id_number" text NOT NULL,
	"employer_id" text NOT NULL,
	"work_type" text NOT NULL,
	"team" text NOT NULL,
	"entered_on" text NOT NULL,
	"exited_on" text,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	"exited_at" text,
	"exited_by" text,
	"exit_reason" text,
	CONSTRAINT "entries_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "epidemic_info" (
	"project_id" text NOT NULL,
	"team_members" text NOT NULL,
	"hospital_name" text NOT NULL,
	"hospital_address" text NOT NULL,
	"hospital_phone" text NOT NULL,
	"supplies" text NOT NULL,
	"other" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "epidemic_info_project_id_pk" PRIMARY KEY("project_id")
);
--> statement-breakpoint
CREATE TABLE "family_members" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"person_id" text NOT NULL,
	"id_number" text NOT NULL,
	"name" text NOT NULL,
	"phone" text NOT NULL,
	"origin_province_code" text NOT NULL,
	"origin_province" text NOT NULL,
	"origin_city_code" text NOT NULL,
	"origin_city" text NOT NULL,
	"health_cloud" text,
	"pre_registered_on" text NOT NULL,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "family_members_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "health_checks" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"person_id" text NOT NULL,
	"checked_at" text NOT NULL,
	"checked_on" text NOT NULL,
	"symptoms" text NOT NULL,
	"temperature_tenths" bigint NOT NULL,
	"fever" boolean NOT NULL,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "health_checks_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "labour_contracts" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"worker_id" text NOT NULL,
	"employer_id" text NOT NULL,
	"contract_no" text DEFAULT '' NOT NULL,
	"signed_on" text NOT NULL,
	"starts_on" text NOT NULL,
	"ends_on" text,
	"term_type" text NOT NULL,
	"pay_method" text NOT NULL,
	"wage_fen" bigint NOT NULL,
	"piece_unit" text DEFAULT '' NOT NULL,
	"pay_day" bigint NOT NULL,
	"scan_attachment_id" text,
	"terminated_on" text,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "labour_contracts_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "labour_cost_allocations" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"paid_on" text NOT NULL,
	"period" text NOT NULL,
	"progress_payment_fen" bigint NOT NULL,
	"labour_cost_fen" bigint NOT NULL,
	"share_bp" bigint NOT NULL,
	"minimum_share_bp" bigint NOT NULL,
	"payer" text DEFAULT '' NOT NULL,
	"voucher_no" text DEFAULT '' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	"voided_at" text,
	"voided_by" text,
	"void_reason" text,
	CONSTRAINT "labour_cost_allocations_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "material_batches" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"received_on" text NOT NULL,
	"delivery_note" text NOT NULL,
	"material_type" text NOT NULL,
	"name" text NOT NULL,
	"spec" text NOT NULL,
	"grade" text NOT NULL,
	"quantity" double precision NOT NULL,
	"unit" text NOT NULL,
	"batch_no" text NOT NULL,
	"supplier" text NOT NULL,
	"manufacturer" text NOT NULL,
	"filing_no" text NOT NULL,
	"documents" text NOT NULL,
	"appearance_ok" boolean NOT NULL,
	"appearance_note" text NOT NULL,
	"receiver" text NOT NULL,
	"intended_use" text NOT NULL,
	"compulsory" boolean NOT NULL,
	"witness_edition_id" text NOT NULL,
	"state" text NOT NULL,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" text NOT NULL,
	CONSTRAINT "material_batches_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "material_dispositions" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"batch_id" text NOT NULL,
	"report_id" text NOT NULL,
	"state" text NOT NULL,
	"method" text,
	"description" text NOT NULL,
	"return_note" text NOT NULL,
	"returned_on" text,
	"decided_on" text,
	"outcome" text,
	"closed_on" text,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" text NOT NULL,
	CONSTRAINT "material_dispositions_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "material_pours" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"poured_on" text NOT NULL,
	"shift" text NOT NULL,
	"building" text NOT NULL,
	"storey" text NOT NULL,
	"part" text NOT NULL,
	"mix" text NOT NULL,
	"volume" double precision NOT NULL,
	"batch_id" text,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "material_pours_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "material_reports" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"sample_id" text NOT NULL,
	"batch_id" text NOT NULL,
	"lab" text NOT NULL,
	"report_no" text NOT NULL,
	"reported_on" text NOT NULL,
	"cma" text NOT NULL,
	"results" text NOT NULL,
	"conclusion" text NOT NULL,
	"pdf_sha256" text NOT NULL,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "material_reports_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "material_samples" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"batch_id" text NOT NULL,
	"pour_id" text,
	"sampled_at" text NOT NULL,
	"sampled_on" text NOT NULL,
	"building" text NOT NULL,
	"storey" text NOT NULL,
	"axis" text NOT NULL,
	"sample_no" text NOT NULL,
	"groups" bigint NOT NULL,
	"curing" text NOT NULL,
	"cast_on" text,
	"seal_no" text NOT NULL,
	"lab" text NOT NULL,
	"commission_no" text NOT NULL,
	"sampler_appointment_id" text NOT NULL,
	"sampler_name" text NOT NULL,
	"witness_appointment_id" text,
	"witness_name" text NOT NULL,
	"retest_of" text,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "material_samples_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "payroll_bank_batches" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"month" text NOT NULL,
	"ledger_id" text,
	"template_id" text,
	"template_name" text NOT NULL,
	"format" text NOT NULL,
	"file_name" text NOT NULL,
	"file_sha256" text NOT NULL,
	"rows" text NOT NULL,
	"row_count" bigint NOT NULL,
	"total_fen" bigint NOT NULL,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	"result_file_name" text,
	"result_sha256" text,
	"result_imported_at" text,
	"result_imported_by" text,
	"succeeded" bigint DEFAULT 0 NOT NULL,
	"failed" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "payroll_bank_batches_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "payroll_bank_templates" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"name" text NOT NULL,
	"bank_code" text DEFAULT '' NOT NULL,
	"format" text NOT NULL,
	"delimiter" text DEFAULT ',' NOT NULL,
	"encoding" text DEFAULT 'utf8' NOT NULL,
	"header" boolean DEFAULT true NOT NULL,
	"amount_unit" text DEFAULT 'yuan' NOT NULL,
	"columns" text NOT NULL,
	"result_columns" text NOT NULL,
	"success_words" text NOT NULL,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" text NOT NULL,
	"retired_at" text,
	CONSTRAINT "payroll_bank_templates_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "payroll_ledger_steps" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"ledger_id" text NOT NULL,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"by_user_id" text NOT NULL,
	"by_name" text NOT NULL,
	"by_role" text NOT NULL,
	"signer" text DEFAULT '' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"at" text NOT NULL,
	CONSTRAINT "payroll_ledger_steps_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "payroll_ledgers" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"month" text NOT NULL,
	"scope" text NOT NULL,
	"team_id" text,
	"employer_id" text NOT NULL,
	"scope_key" text NOT NULL,
	"kind" text NOT NULL,
	"original_ledger_id" text,
	"adjustment_reason" text DEFAULT '' NOT NULL,
	"state" text NOT NULL,
	"proration_rule" text NOT NULL,
	"scheduled_days" bigint NOT NULL,
	"row_count" bigint NOT NULL,
	"gross_fen" bigint NOT NULL,
	"deduction_fen" bigint NOT NULL,
	"net_fen" bigint NOT NULL,
	"payable_fen" bigint NOT NULL,
	"signed_sheet_attachment_id" text,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" text NOT NULL,
	CONSTRAINT "payroll_ledgers_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "payroll_payments" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"ledger_id" text NOT NULL,
	"row_id" text NOT NULL,
	"batch_id" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"card_no" text NOT NULL,
	"status" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"paid_on" text NOT NULL,
	"voucher_no" text DEFAULT '' NOT NULL,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "payroll_payments_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "payroll_rows" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"ledger_id" text NOT NULL,
	"worker_id" text NOT NULL,
	"worker_no" text NOT NULL,
	"name" text NOT NULL,
	"id_number" text NOT NULL,
	"phone" text NOT NULL,
	"work_type" text NOT NULL,
	"team_name" text NOT NULL,
	"contract_id" text,
	"pay_method" text,
	"wage_fen" bigint,
	"piece_unit" text DEFAULT '' NOT NULL,
	"attendance_days" bigint NOT NULL,
	"hours_tenths" bigint NOT NULL,
	"uncontracted_days" bigint NOT NULL,
	"segments" text NOT NULL,
	"quantity_milli" bigint,
	"base_fen" bigint NOT NULL,
	"items" text NOT NULL,
	"gross_fen" bigint NOT NULL,
	"tax_fen" bigint NOT NULL,
	"social_fen" bigint NOT NULL,
	"other_deduction_fen" bigint NOT NULL,
	"other_deduction_reason" text DEFAULT '' NOT NULL,
	"net_fen" bigint NOT NULL,
	"previous_net_fen" bigint NOT NULL,
	"payable_fen" bigint NOT NULL,
	"bank_name" text NOT NULL,
	"bank_code" text NOT NULL,
	"card_no" text NOT NULL,
	"due_on" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"warnings" text NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	CONSTRAINT "payroll_rows_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "person_search_terms" (
	"project_id" text NOT NULL,
	"person_id" text NOT NULL,
	"seq" bigserial NOT NULL,
	"terms" text[] NOT NULL,
	CONSTRAINT "person_search_terms_project_id_person_id_pk" PRIMARY KEY("project_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "persons" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"category" text NOT NULL,
	"id_number" text NOT NULL,
	"name" text NOT NULL,
	"sex" text NOT NULL,
	"birth_date" text NOT NULL,
	"phone" text NOT NULL,
	"origin_province_code" text NOT NULL,
	"origin_province" text NOT NULL,
	"origin_city_code" text NOT NULL,
	"origin_city" text NOT NULL,
	"employer_id" text NOT NULL,
	"health_cloud" text,
	"pinyin_initials" text NOT NULL,
	"pinyin_full" text NOT NULL,
	"pre_registered_on" text NOT NULL,
	"state" text DEFAULT 'clear' NOT NULL,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "persons_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "project_parties" (
	"project_id" text NOT NULL,
	"owner_name" text NOT NULL,
	"supervisor_name" text NOT NULL,
	"survey_name" text NOT NULL,
	"design_name" text NOT NULL,
	"filed_on" text,
	"completed_on" text,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "project_parties_project_id_pk" PRIMARY KEY("project_id")
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" text NOT NULL,
	"contract_no" text NOT NULL,
	"build_no" text NOT NULL,
	"name" text NOT NULL,
	"general_contractor" text NOT NULL,
	"contractor_type" text NOT NULL,
	"supervision_station" text NOT NULL,
	"created_at" text NOT NULL,
	CONSTRAINT "projects_id_pk" PRIMARY KEY("id")
);
--> statement-breakpoint
CREATE TABLE "quality_acceptances" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"unit_id" text NOT NULL,
	"level" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"state" text NOT NULL,
	"acceptance_edition_id" text NOT NULL,
	"summary" text NOT NULL,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" text NOT NULL,
	CONSTRAINT "quality_acceptances_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "quality_concealed" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"unit_id" text NOT NULL,
	"part" text NOT NULL,
	"content" text NOT NULL,
	"checked_on" text NOT NULL,
	"state" text NOT NULL,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "quality_concealed_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "quality_concealed_lots" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"concealed_id" text NOT NULL,
	"lot_id" text NOT NULL,
	CONSTRAINT "quality_concealed_lots_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "quality_lot_items" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"record_id" text NOT NULL,
	"group" text NOT NULL,
	"no" bigint NOT NULL,
	"name" text NOT NULL,
	"requirement" text NOT NULL,
	"full_check" boolean NOT NULL,
	"minimum_sample" bigint,
	"sampled" bigint NOT NULL,
	"qualified" bigint NOT NULL,
	"severe_defect" boolean NOT NULL,
	"required_rate" bigint,
	"note" text NOT NULL,
	CONSTRAINT "quality_lot_items_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "quality_lot_materials" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"lot_id" text NOT NULL,
	"batch_id" text NOT NULL,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "quality_lot_materials_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "quality_lot_records" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"lot_id" text NOT NULL,
	"revision" bigint NOT NULL,
	"revision_of" text,
	"path" text NOT NULL,
	"path_note" text NOT NULL,
	"inspected_on" text NOT NULL,
	"acceptance_edition_id" text NOT NULL,
	"state" text NOT NULL,
	"result" text,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" text NOT NULL,
	CONSTRAINT "quality_lot_records_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "quality_lots" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"unit_id" text NOT NULL,
	"division_code" text NOT NULL,
	"subdivision_code" text NOT NULL,
	"subitem_code" text NOT NULL,
	"name" text NOT NULL,
	"part" text NOT NULL,
	"capacity" bigint NOT NULL,
	"capacity_unit" text NOT NULL,
	"plan_state" text NOT NULL,
	"divisions_edition_id" text NOT NULL,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "quality_lots_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "quality_measurements" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"unit_id" text,
	"location" text NOT NULL,
	"item_key" text NOT NULL,
	"item_name" text NOT NULL,
	"tolerance_edition_id" text NOT NULL,
	"lower" double precision NOT NULL,
	"upper" double precision NOT NULL,
	"measured_on" text NOT NULL,
	"measured_by" text NOT NULL,
	"points" text NOT NULL,
	"passed" bigint NOT NULL,
	"total" bigint NOT NULL,
	"rectification_id" text,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "quality_measurements_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "quality_problems" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"rectification_id" text NOT NULL,
	"origin" text NOT NULL,
	"lot_id" text,
	"measurement_id" text,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "quality_problems_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "quality_site_checks" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"edition_id" text NOT NULL,
	"items" text NOT NULL,
	"conclusion" text NOT NULL,
	"state" text NOT NULL,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" text NOT NULL,
	CONSTRAINT "quality_site_checks_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "quality_units" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"name" text NOT NULL,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "quality_units_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "record_signatures" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"record_kind" text NOT NULL,
	"record_id" text NOT NULL,
	"position" text NOT NULL,
	"position_label" text NOT NULL,
	"signer_name" text NOT NULL,
	"user_id" text,
	"appointment_id" text,
	"recorded_by" text NOT NULL,
	"recorded_by_name" text NOT NULL,
	"signed_on" text NOT NULL,
	"verdict" text NOT NULL,
	"opinion" text NOT NULL,
	"created_at" text NOT NULL,
	CONSTRAINT "record_signatures_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "rectification_events" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"rectification_id" text NOT NULL,
	"type" text NOT NULL,
	"on_date" text NOT NULL,
	"user_id" text NOT NULL,
	"signer_name" text NOT NULL,
	"signer_role" text NOT NULL,
	"text" text NOT NULL,
	"deadline" text,
	"created_at" text NOT NULL,
	CONSTRAINT "rectification_events_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "rectifications" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"source_kind" text NOT NULL,
	"source_id" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"location" text NOT NULL,
	"major" boolean NOT NULL,
	"found_on" text NOT NULL,
	"found_by" text NOT NULL,
	"responsible" text NOT NULL,
	"deadline" text,
	"state" text NOT NULL,
	"reviews" bigint DEFAULT 0 NOT NULL,
	"escalation_level" bigint DEFAULT 0 NOT NULL,
	"closed_on" text,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" text NOT NULL,
	CONSTRAINT "rectifications_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "rule_editions" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"kind" text NOT NULL,
	"rule_key" text NOT NULL,
	"edition" bigint NOT NULL,
	"origin" text NOT NULL,
	"content" text NOT NULL,
	"content_sha256" text NOT NULL,
	"note" text NOT NULL,
	"based_on" text,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	"created_by_name" text NOT NULL,
	CONSTRAINT "rule_editions_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "safety_assessments" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"kind" text NOT NULL,
	"period" text NOT NULL,
	"checked_on" text NOT NULL,
	"inspector" text NOT NULL,
	"subject" text NOT NULL,
	"state" text NOT NULL,
	"revision" bigint NOT NULL,
	"revision_of" text,
	"revision_reason" text NOT NULL,
	"summary_edition_id" text NOT NULL,
	"floor_area" bigint NOT NULL,
	"structure_type" text NOT NULL,
	"result" text,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" text NOT NULL,
	CONSTRAINT "safety_assessments_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "safety_briefings" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"briefed_on" text NOT NULL,
	"subject" text NOT NULL,
	"content" text NOT NULL,
	"briefer" text NOT NULL,
	"team_id" text,
	"team" text NOT NULL,
	"dangerous" boolean NOT NULL,
	"safety_officer" text NOT NULL,
	"attendees" text NOT NULL,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "safety_briefings_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "safety_deductions" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"sheet_id" text NOT NULL,
	"item_no" bigint NOT NULL,
	"line_no" bigint NOT NULL,
	"per_points" bigint NOT NULL,
	"quantity" bigint NOT NULL,
	"points" bigint NOT NULL,
	"note" text NOT NULL,
	"copied_from" text,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "safety_deductions_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "safety_hazards" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"rectification_id" text NOT NULL,
	"category" text NOT NULL,
	"level" text NOT NULL,
	"assessment_id" text,
	"deduction_id" text,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "safety_hazards_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "safety_profiles" (
	"project_id" text NOT NULL,
	"floor_area" bigint NOT NULL,
	"structure_type" text NOT NULL,
	"safety_officers" text NOT NULL,
	"training_hours" text,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "safety_profiles_project_id_pk" PRIMARY KEY("project_id")
);
--> statement-breakpoint
CREATE TABLE "safety_sheets" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"assessment_id" text NOT NULL,
	"table_key" text NOT NULL,
	"edition_id" text NOT NULL,
	"missing_items" text NOT NULL,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "safety_sheets_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "safety_signatures" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"assessment_id" text NOT NULL,
	"step" text NOT NULL,
	"signer_name" text NOT NULL,
	"signer_role" text NOT NULL,
	"opinion" text NOT NULL,
	"user_id" text NOT NULL,
	"signed_on" text NOT NULL,
	"created_at" text NOT NULL,
	CONSTRAINT "safety_signatures_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "safety_trainings" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"person_id" text NOT NULL,
	"level" text NOT NULL,
	"reason" text NOT NULL,
	"work_type" text NOT NULL,
	"team_id" text,
	"trained_on" text NOT NULL,
	"hours" bigint NOT NULL,
	"trainer" text NOT NULL,
	"content" text NOT NULL,
	"score" bigint,
	"passed" boolean NOT NULL,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "safety_trainings_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "supervision_contacts" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"report_id" text NOT NULL,
	"contacted_at" text NOT NULL,
	"channel" text NOT NULL,
	"party" text NOT NULL,
	"person" text NOT NULL,
	"phone" text NOT NULL,
	"summary" text NOT NULL,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "supervision_contacts_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "supervision_emergency_reports" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"number" text NOT NULL,
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"content" text NOT NULL,
	"evidence" text NOT NULL,
	"source_rectification_id" text,
	"stop_order_id" text,
	"report_edition_id" text NOT NULL,
	"state" text NOT NULL,
	"signed_on" text,
	"queued_at" text,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" text NOT NULL,
	CONSTRAINT "supervision_emergency_reports_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "supervision_monthly_reports" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"period" text NOT NULL,
	"revision" bigint NOT NULL,
	"revision_of" text,
	"revision_reason" text NOT NULL,
	"state" text NOT NULL,
	"figures" text NOT NULL,
	"figures_at" text NOT NULL,
	"sections" text NOT NULL,
	"report_edition_id" text NOT NULL,
	"signed_on" text,
	"queued_at" text,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" text NOT NULL,
	CONSTRAINT "supervision_monthly_reports_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "supervision_notices" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"number" text NOT NULL,
	"rectification_id" text NOT NULL,
	"subject" text NOT NULL,
	"source_rectification_id" text,
	"issued_on" text NOT NULL,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "supervision_notices_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "supervision_side_records" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"recorded_on" text NOT NULL,
	"start_time" text NOT NULL,
	"end_time" text NOT NULL,
	"part" text NOT NULL,
	"construction" text NOT NULL,
	"supervision" text NOT NULL,
	"problems" text NOT NULL,
	"pour_id" text,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "supervision_side_records_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "supervision_stop_orders" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"number" text NOT NULL,
	"issued_on" text NOT NULL,
	"scope" text NOT NULL,
	"reason" text NOT NULL,
	"requirement" text NOT NULL,
	"notice_id" text,
	"source_rectification_id" text,
	"reported_to_owner_on" text,
	"state" text NOT NULL,
	"resume_application" text NOT NULL,
	"resume_applied_on" text,
	"resumed_on" text,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" text NOT NULL,
	CONSTRAINT "supervision_stop_orders_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "sync_applied_bundles" (
	"id" text NOT NULL,
	"installation_id" text NOT NULL,
	"first_seq" bigint NOT NULL,
	"last_seq" bigint NOT NULL,
	"applied_from_seq" bigint NOT NULL,
	"changes_applied" bigint NOT NULL,
	"conflicts" bigint NOT NULL,
	"files" bigint NOT NULL,
	"bundle_sha256" text NOT NULL,
	"source" text NOT NULL,
	"file_name" text NOT NULL,
	"applied_at" text NOT NULL,
	"generations" text DEFAULT '[]' NOT NULL,
	"segments" text DEFAULT '[]' NOT NULL,
	"ack" text NOT NULL,
	CONSTRAINT "sync_applied_bundles_installation_id_id_pk" PRIMARY KEY("installation_id","id")
);
--> statement-breakpoint
CREATE TABLE "sync_conflicts" (
	"id" text NOT NULL,
	"installation_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"table_name" text NOT NULL,
	"row_id" text NOT NULL,
	"op" text NOT NULL,
	"data" text NOT NULL,
	"reason" text NOT NULL,
	"at" text NOT NULL,
	"generation_id" text DEFAULT '' NOT NULL,
	CONSTRAINT "sync_conflicts_installation_id_id_pk" PRIMARY KEY("installation_id","id")
);
--> statement-breakpoint
CREATE TABLE "sync_id_aliases" (
	"table_name" text NOT NULL,
	"site_id" text NOT NULL,
	"central_id" text NOT NULL,
	"installation_id" text NOT NULL,
	"at" text NOT NULL,
	CONSTRAINT "sync_id_aliases_installation_id_table_name_site_id_pk" PRIMARY KEY("installation_id","table_name","site_id")
);
--> statement-breakpoint
CREATE TABLE "sync_peers" (
	"installation_id" text NOT NULL,
	"role" text NOT NULL,
	"name" text NOT NULL,
	"public_key" text NOT NULL,
	"fingerprint" text NOT NULL,
	"registration" text NOT NULL,
	"last_applied_seq" bigint DEFAULT 0 NOT NULL,
	"last_bundle_at" text,
	"trusted_at" text NOT NULL,
	CONSTRAINT "sync_peers_installation_id_pk" PRIMARY KEY("installation_id")
);
--> statement-breakpoint
CREATE TABLE "sync_received_chunks" (
	"installation_id" text NOT NULL,
	"id" bigserial NOT NULL,
	"bundle_id" text NOT NULL,
	"first_seq" bigint NOT NULL,
	"last_seq" bigint NOT NULL,
	"payload" "bytea" NOT NULL,
	CONSTRAINT "sync_received_chunks_installation_id_id_pk" PRIMARY KEY("installation_id","id")
);
--> statement-breakpoint
CREATE TABLE "sync_row_owners" (
	"table_name" text NOT NULL,
	"row_id" text NOT NULL,
	"installation_id" text NOT NULL,
	CONSTRAINT "sync_row_owners_table_name_row_id_pk" PRIMARY KEY("table_name","row_id")
);
--> statement-breakpoint
CREATE TABLE "sync_site_generations" (
	"installation_id" text NOT NULL,
	"generation_id" text NOT NULL,
	"first_seq" bigint NOT NULL,
	"last_applied_seq" bigint NOT NULL,
	CONSTRAINT "sync_site_generations_installation_id_generation_id_pk" PRIMARY KEY("installation_id","generation_id")
);
--> statement-breakpoint
CREATE TABLE "sync_site_histories" (
	"installation_id" text NOT NULL,
	"generations" text NOT NULL,
	"at" text NOT NULL,
	CONSTRAINT "sync_site_histories_installation_id_pk" PRIMARY KEY("installation_id")
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"employer_id" text NOT NULL,
	"name" text NOT NULL,
	"work_type" text NOT NULL,
	"leader_worker_id" text,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" text NOT NULL,
	"disbanded_on" text,
	CONSTRAINT "teams_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "wage_cards" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"worker_id" text NOT NULL,
	"bank_name" text NOT NULL,
	"bank_code" text NOT NULL,
	"card_no" text NOT NULL,
	"luhn_valid" boolean NOT NULL,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	"retired_at" text,
	CONSTRAINT "wage_cards_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "worker_certificates" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"person_id" text NOT NULL,
	"system" text NOT NULL,
	"category" text NOT NULL,
	"number" text NOT NULL,
	"issuer" text NOT NULL,
	"issued_on" text NOT NULL,
	"expires_on" text NOT NULL,
	"next_review_on" text,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	"revoked_at" text,
	"revoked_reason" text,
	CONSTRAINT "worker_certificates_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "workers" (
	"id" text NOT NULL,
	"project_id" text NOT NULL,
	"person_id" text NOT NULL,
	"worker_no" text NOT NULL,
	"employer_id" text NOT NULL,
	"work_type" text NOT NULL,
	"team_id" text,
	"hired_on" text NOT NULL,
	"safety_training_on" text,
	"photo_attachment_id" text,
	"emergency_contact_name" text DEFAULT '' NOT NULL,
	"emergency_contact_phone" text DEFAULT '' NOT NULL,
	"emergency_contact_relation" text DEFAULT '' NOT NULL,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" text NOT NULL,
	CONSTRAINT "workers_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE INDEX "appointments_project_position" ON "appointments" USING btree ("project_id","position");--> statement-breakpoint
CREATE INDEX "appointments_user" ON "appointments" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "attachments_owner" ON "attachments" USING btree ("purpose","owner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "attendance_devices_serial" ON "attendance_devices" USING btree ("serial");--> statement-breakpoint
CREATE INDEX "attendance_makeups_project" ON "attendance_makeups" USING btree ("project_id","state","punched_at");--> statement-breakpoint
CREATE UNIQUE INDEX "attendance_punches_once" ON "attendance_punches" USING btree ("source","device_serial","person_ref","punched_at");--> statement-breakpoint
CREATE INDEX "attendance_punches_project_time" ON "attendance_punches" USING btree ("project_id","punched_at");--> statement-breakpoint
CREATE INDEX "attendance_punches_worker_time" ON "attendance_punches" USING btree ("worker_id","punched_at");--> statement-breakpoint
CREATE INDEX "attendance_punches_unmatched" ON "attendance_punches" USING btree ("project_id","punched_at") WHERE worker_id is null;--> statement-breakpoint
CREATE INDEX "dispatches_worker" ON "dispatches" USING btree ("worker_id","dispatched_on");--> statement-breakpoint
CREATE INDEX "dispatches_team" ON "dispatches" USING btree ("team_id","dispatched_on");--> statement-breakpoint
CREATE INDEX "dispositions_person" ON "dispositions" USING btree ("person_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "employers_project_credit" ON "employers" USING btree ("project_id","credit_code");--> statement-breakpoint
CREATE UNIQUE INDEX "entries_one_open_per_person" ON "entries" USING btree ("id_number") WHERE exited_on is null;--> statement-breakpoint
CREATE INDEX "entries_project_open" ON "entries" USING btree ("project_id","exited_on");--> statement-breakpoint
CREATE INDEX "entries_person" ON "entries" USING btree ("person_id","entered_on");--> statement-breakpoint
CREATE UNIQUE INDEX "family_person_id_number" ON "family_members" USING btree ("person_id","id_number");--> statement-breakpoint
CREATE INDEX "health_checks_person_time" ON "health_checks" USING btree ("person_id","checked_at");--> statement-breakpoint
CREATE INDEX "health_checks_project_day" ON "health_checks" USING btree ("project_id","checked_on");--> statement-breakpoint
CREATE INDEX "labour_contracts_worker" ON "labour_contracts" USING btree ("worker_id","starts_on");--> statement-breakpoint
CREATE INDEX "labour_cost_allocations_project" ON "labour_cost_allocations" USING btree ("project_id","paid_on");--> statement-breakpoint
CREATE INDEX "material_batches_project" ON "material_batches" USING btree ("project_id","received_on");--> statement-breakpoint
CREATE INDEX "material_dispositions_batch" ON "material_dispositions" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "material_pours_project" ON "material_pours" USING btree ("project_id","poured_on");--> statement-breakpoint
CREATE UNIQUE INDEX "material_reports_number" ON "material_reports" USING btree ("project_id","lab","report_no");--> statement-breakpoint
CREATE INDEX "material_reports_batch" ON "material_reports" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "material_samples_batch" ON "material_samples" USING btree ("batch_id");--> statement-breakpoint
CREATE UNIQUE INDEX "material_samples_project_no" ON "material_samples" USING btree ("project_id","sample_no");--> statement-breakpoint
CREATE INDEX "payroll_bank_batches_month" ON "payroll_bank_batches" USING btree ("project_id","month");--> statement-breakpoint
CREATE INDEX "payroll_bank_templates_project" ON "payroll_bank_templates" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "payroll_ledger_steps_ledger" ON "payroll_ledger_steps" USING btree ("ledger_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "payroll_ledgers_regular" ON "payroll_ledgers" USING btree ("project_id","month","scope_key") WHERE kind = 'regular';--> statement-breakpoint
CREATE INDEX "payroll_ledgers_project_month" ON "payroll_ledgers" USING btree ("project_id","month");--> statement-breakpoint
CREATE INDEX "payroll_payments_row" ON "payroll_payments" USING btree ("row_id");--> statement-breakpoint
CREATE INDEX "payroll_payments_project" ON "payroll_payments" USING btree ("project_id","paid_on");--> statement-breakpoint
CREATE INDEX "payroll_rows_ledger" ON "payroll_rows" USING btree ("ledger_id","worker_no");--> statement-breakpoint
CREATE INDEX "payroll_rows_worker" ON "payroll_rows" USING btree ("worker_id");--> statement-breakpoint
CREATE INDEX "person_search_terms_gin" ON "person_search_terms" USING gin ("terms");--> statement-breakpoint
CREATE INDEX "person_search_terms_seq" ON "person_search_terms" USING btree ("seq");--> statement-breakpoint
CREATE UNIQUE INDEX "persons_project_id_number" ON "persons" USING btree ("project_id","id_number");--> statement-breakpoint
CREATE INDEX "persons_project_state" ON "persons" USING btree ("project_id","state");--> statement-breakpoint
CREATE INDEX "persons_project_created" ON "persons" USING btree ("project_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "projects_contract_no" ON "projects" USING btree ("contract_no");--> statement-breakpoint
CREATE UNIQUE INDEX "quality_acceptances_unit_code" ON "quality_acceptances" USING btree ("unit_id","level","code");--> statement-breakpoint
CREATE UNIQUE INDEX "quality_concealed_lots_pair" ON "quality_concealed_lots" USING btree ("concealed_id","lot_id");--> statement-breakpoint
CREATE INDEX "quality_concealed_lots_lot" ON "quality_concealed_lots" USING btree ("lot_id");--> statement-breakpoint
CREATE INDEX "quality_lot_items_record" ON "quality_lot_items" USING btree ("record_id","group","no");--> statement-breakpoint
CREATE UNIQUE INDEX "quality_lot_materials_pair" ON "quality_lot_materials" USING btree ("lot_id","batch_id");--> statement-breakpoint
CREATE INDEX "quality_lot_materials_batch" ON "quality_lot_materials" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "quality_lot_records_lot" ON "quality_lot_records" USING btree ("lot_id","revision");--> statement-breakpoint
CREATE INDEX "quality_lots_unit" ON "quality_lots" USING btree ("unit_id","subitem_code");--> statement-breakpoint
CREATE INDEX "quality_measurements_project" ON "quality_measurements" USING btree ("project_id","measured_on");--> statement-breakpoint
CREATE UNIQUE INDEX "quality_problems_rectification" ON "quality_problems" USING btree ("rectification_id");--> statement-breakpoint
CREATE UNIQUE INDEX "quality_units_project_name" ON "quality_units" USING btree ("project_id","name");--> statement-breakpoint
CREATE INDEX "record_signatures_record" ON "record_signatures" USING btree ("record_kind","record_id");--> statement-breakpoint
CREATE INDEX "rectification_events_record" ON "rectification_events" USING btree ("rectification_id","created_at");--> statement-breakpoint
CREATE INDEX "rectifications_project_state" ON "rectifications" USING btree ("project_id","state");--> statement-breakpoint
CREATE INDEX "rectifications_source" ON "rectifications" USING btree ("source_kind","source_id");--> statement-breakpoint
CREATE UNIQUE INDEX "rule_editions_project_key_edition" ON "rule_editions" USING btree ("project_id","rule_key","edition");--> statement-breakpoint
CREATE INDEX "safety_assessments_project_period" ON "safety_assessments" USING btree ("project_id","period");--> statement-breakpoint
CREATE INDEX "safety_briefings_project_day" ON "safety_briefings" USING btree ("project_id","briefed_on");--> statement-breakpoint
CREATE INDEX "safety_deductions_sheet" ON "safety_deductions" USING btree ("sheet_id");--> statement-breakpoint
CREATE INDEX "safety_hazards_deduction" ON "safety_hazards" USING btree ("deduction_id");--> statement-breakpoint
CREATE UNIQUE INDEX "safety_hazards_rectification" ON "safety_hazards" USING btree ("rectification_id");--> statement-breakpoint
CREATE UNIQUE INDEX "safety_sheets_assessment_table" ON "safety_sheets" USING btree ("assessment_id","table_key");--> statement-breakpoint
CREATE INDEX "safety_signatures_assessment" ON "safety_signatures" USING btree ("assessment_id");--> statement-breakpoint
CREATE INDEX "safety_trainings_person" ON "safety_trainings" USING btree ("person_id","trained_on");--> statement-breakpoint
CREATE INDEX "supervision_contacts_report" ON "supervision_contacts" USING btree ("report_id","contacted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "supervision_emergency_number" ON "supervision_emergency_reports" USING btree ("project_id","number");--> statement-breakpoint
CREATE INDEX "supervision_monthly_period" ON "supervision_monthly_reports" USING btree ("project_id","period");--> statement-breakpoint
CREATE UNIQUE INDEX "supervision_notices_number" ON "supervision_notices" USING btree ("project_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "supervision_notices_rectification" ON "supervision_notices" USING btree ("rectification_id");--> statement-breakpoint
CREATE INDEX "supervision_side_records_day" ON "supervision_side_records" USING btree ("project_id","recorded_on");--> statement-breakpoint
CREATE UNIQUE INDEX "supervision_stop_orders_number" ON "supervision_stop_orders" USING btree ("project_id","number");--> statement-breakpoint
CREATE INDEX "sync_applied_installation" ON "sync_applied_bundles" USING btree ("installation_id","last_seq");--> statement-breakpoint
CREATE INDEX "sync_conflicts_installation" ON "sync_conflicts" USING btree ("installation_id","seq");--> statement-breakpoint
CREATE INDEX "sync_received_chunks_bundle" ON "sync_received_chunks" USING btree ("bundle_id","first_seq");--> statement-breakpoint
CREATE UNIQUE INDEX "teams_project_name" ON "teams" USING btree ("project_id","name");--> statement-breakpoint
CREATE INDEX "wage_cards_worker" ON "wage_cards" USING btree ("worker_id","created_at");--> statement-breakpoint
CREATE INDEX "worker_certificates_person" ON "worker_certificates" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "worker_certificates_project_expiry" ON "worker_certificates" USING btree ("project_id","expires_on");--> statement-breakpoint
CREATE UNIQUE INDEX "workers_project_no" ON "workers" USING btree ("project_id","worker_no");--> statement-breakpoint
CREATE INDEX "workers_project_team" ON "workers" USING btree ("project_id","team_id");