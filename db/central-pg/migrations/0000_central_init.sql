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
CREATE INDEX "person_search_terms_gin" ON "person_search_terms" USING gin ("terms");--> statement-breakpoint
CREATE INDEX "person_search_terms_seq" ON "person_search_terms" USING btree ("seq");--> statement-breakpoint
CREATE UNIQUE INDEX "persons_project_id_number" ON "persons" USING btree ("project_id","id_number");--> statement-breakpoint
CREATE INDEX "persons_project_state" ON "persons" USING btree ("project_id","state");--> statement-breakpoint
CREATE INDEX "persons_project_created" ON "persons" USING btree ("project_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "projects_contract_no" ON "projects" USING btree ("contract_no");--> statement-breakpoint
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
CREATE INDEX "sync_applied_installation" ON "sync_applied_bundles" USING btree ("installation_id","last_seq");--> statement-breakpoint
CREATE INDEX "sync_conflicts_installation" ON "sync_conflicts" USING btree ("installation_id","seq");--> statement-breakpoint
CREATE INDEX "sync_received_chunks_bundle" ON "sync_received_chunks" USING btree ("bundle_id","first_seq");--> statement-breakpoint
CREATE UNIQUE INDEX "teams_project_name" ON "teams" USING btree ("project_id","name");--> statement-breakpoint
CREATE INDEX "wage_cards_worker" ON "wage_cards" USING btree ("worker_id","created_at");--> statement-breakpoint
CREATE INDEX "worker_certificates_person" ON "worker_certificates" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "worker_certificates_project_expiry" ON "worker_certificates" USING btree ("project_id","expires_on");--> statement-breakpoint
CREATE UNIQUE INDEX "workers_project_no" ON "workers" USING btree ("project_id","worker_no");--> statement-breakpoint
CREATE INDEX "workers_project_team" ON "workers" USING btree ("project_id","team_id");