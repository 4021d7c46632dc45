CREATE TABLE `decisions` (
	`id` text PRIMARY KEY NOT NULL,
	`round_id` text NOT NULL,
	`proposal_id` text NOT NULL,
	`kind` text NOT NULL,
	`applicant_id` text NOT NULL,
	`vacancy_id` text NOT NULL,
	`policy_id` text NOT NULL,
	`policy_version` integer NOT NULL,
	`score` real,
	`score_terms` text,
	`legal_basis` text NOT NULL,
	`reason_code` text,
	`reason_text` text,
	`decided_by_person` text NOT NULL,
	`decided_by_token` text NOT NULL,
	`decided_by_role` text NOT NULL,
	`decided_at` text NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`proposal_id`) REFERENCES `proposals`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`applicant_id`) REFERENCES `applicants`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`vacancy_id`) REFERENCES `vacancies`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "decisions_kind_check" CHECK("decisions"."kind" IN ('approve', 'override', 'reject')),
	CONSTRAINT "decisions_legal_basis_check" CHECK("decisions"."legal_basis" IN ('sol_4_1', 'obo_priority_decision')),
	CONSTRAINT "decisions_reason_check" CHECK(("decisions"."kind" = 'approve' AND "decisions"."reason_code" IS NULL) OR ("decisions"."kind" = 'override' AND "decisions"."reason_code" IN ('urgent_need_not_in_score', 'safety_concern', 'support_match', 'circumstances_changed', 'other')) OR ("decisions"."kind" = 'reject' AND "decisions"."reason_code" IN ('household_unreachable', 'information_outdated', 'support_not_in_place', 'safety_concern', 'landlord_objection', 'other'))),
	CONSTRAINT "decisions_person_check" CHECK(length(trim("decisions"."decided_by_person")) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `decisions_proposal_unique` ON `decisions` (`proposal_id`);--> statement-breakpoint
CREATE INDEX `decisions_round_idx` ON `decisions` (`round_id`);--> statement-breakpoint
CREATE TABLE `offers` (
	`id` text PRIMARY KEY NOT NULL,
	`decision_id` text NOT NULL,
	`round_id` text NOT NULL,
	`applicant_id` text NOT NULL,
	`vacancy_id` text NOT NULL,
	`caseload` text NOT NULL,
	`status` text NOT NULL,
	`offered_on` text NOT NULL,
	`answer_by` text NOT NULL,
	`answered_at` text,
	`answered_by_person` text,
	`answered_by_token` text,
	`declined_by` text,
	`decline_reason` text,
	`decline_note` text,
	`rematch_round_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`applicant_id`) REFERENCES `applicants`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`vacancy_id`) REFERENCES `vacancies`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "offers_status_check" CHECK("offers"."status" IN ('open', 'accepted', 'declined', 'no_answer')),
	CONSTRAINT "offers_decline_check" CHECK(("offers"."status" = 'declined') = ("offers"."declined_by" IS NOT NULL AND "offers"."decline_reason" IS NOT NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `offers_decision_unique` ON `offers` (`decision_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `offers_one_open_per_applicant` ON `offers` (`applicant_id`) WHERE "offers"."status" = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX `offers_one_open_per_vacancy` ON `offers` (`vacancy_id`) WHERE "offers"."status" = 'open';--> statement-breakpoint
CREATE INDEX `offers_status_idx` ON `offers` (`status`,`answer_by`);--> statement-breakpoint
CREATE INDEX `offers_caseload_idx` ON `offers` (`caseload`);--> statement-breakpoint
CREATE TABLE `placements` (
	`id` text PRIMARY KEY NOT NULL,
	`offer_id` text NOT NULL,
	`decision_id` text NOT NULL,
	`applicant_id` text NOT NULL,
	`vacancy_id` text NOT NULL,
	`caseload` text NOT NULL,
	`contract_form` text NOT NULL,
	`start_date` text NOT NULL,
	`recorded_by_person` text NOT NULL,
	`recorded_by_token` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`applicant_id`) REFERENCES `applicants`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`vacancy_id`) REFERENCES `vacancies`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "placements_contract_form_check" CHECK("placements"."contract_form" IN ('first_hand', 'social_contract', 'training', 'trial', 'housing_first', 'supported_housing'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `placements_offer_unique` ON `placements` (`offer_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `placements_vacancy_unique` ON `placements` (`vacancy_id`);--> statement-breakpoint
CREATE INDEX `placements_caseload_idx` ON `placements` (`caseload`);--> statement-breakpoint
CREATE TABLE `proposals` (
	`id` text PRIMARY KEY NOT NULL,
	`round_id` text NOT NULL,
	`applicant_id` text NOT NULL,
	`vacancy_id` text NOT NULL,
	`score` real NOT NULL,
	`explanation` text,
	`status` text NOT NULL,
	`created_at` text NOT NULL,
	`decided_at` text,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`applicant_id`) REFERENCES `applicants`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`vacancy_id`) REFERENCES `vacancies`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "proposals_status_check" CHECK("proposals"."status" IN ('pending', 'approved', 'rejected', 'overridden'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `proposals_round_applicant_unique` ON `proposals` (`round_id`,`applicant_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `proposals_round_vacancy_unique` ON `proposals` (`round_id`,`vacancy_id`);--> statement-breakpoint
CREATE INDEX `proposals_status_idx` ON `proposals` (`status`);--> statement-breakpoint
CREATE INDEX `proposals_applicant_idx` ON `proposals` (`applicant_id`);--> statement-breakpoint
CREATE INDEX `proposals_vacancy_idx` ON `proposals` (`vacancy_id`);--> statement-breakpoint
CREATE TABLE `round_pool` (
	`round_id` text NOT NULL,
	`object_type` text NOT NULL,
	`object_id` text NOT NULL,
	PRIMARY KEY(`round_id`, `object_type`, `object_id`),
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "round_pool_object_type_check" CHECK("round_pool"."object_type" IN ('applicant', 'vacancy'))
);
--> statement-breakpoint
CREATE INDEX `round_pool_object_idx` ON `round_pool` (`object_type`,`object_id`);--> statement-breakpoint
CREATE TABLE `rounds` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`as_of` text NOT NULL,
	`policy_id` text NOT NULL,
	`policy_version` integer NOT NULL,
	`parent_round_id` text,
	`vacancy_id` text,
	`idempotency_key` text,
	`request_hash` text,
	`created_by_token` text NOT NULL,
	`created_by_person` text,
	`job_id` integer,
	`engine_version` text,
	`snapshot` text,
	`snapshot_sha256` text,
	`applicant_count` integer,
	`vacancy_count` integer,
	`result` text,
	`result_sha256` text,
	`certified` integer,
	`certificate_note` text,
	`failure` text,
	`phases` text,
	`created_at` text NOT NULL,
	`solved_at` text,
	`closed_at` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`parent_round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "rounds_status_check" CHECK("rounds"."status" IN ('queued', 'solving', 'proposed', 'closed', 'failed', 'infeasible')),
	CONSTRAINT "rounds_kind_check" CHECK("rounds"."kind" IN ('round', 'rematch')),
	CONSTRAINT "rounds_snapshot_check" CHECK(("rounds"."snapshot" IS NULL) = ("rounds"."snapshot_sha256" IS NULL)),
	CONSTRAINT "rounds_result_check" CHECK(("rounds"."result" IS NULL) = ("rounds"."result_sha256" IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rounds_idempotency_key_unique` ON `rounds` (`idempotency_key`) WHERE "rounds"."idempotency_key" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `rounds_status_idx` ON `rounds` (`status`);--> statement-breakpoint
ALTER TABLE `api_tokens` ADD `person` text;