CREATE TABLE `applicant_situation_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`applicant_id` text NOT NULL,
	`code` text NOT NULL,
	`kind` text NOT NULL,
	`since` text NOT NULL,
	`recorded_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`applicant_id`) REFERENCES `applicants`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "applicant_situation_history_code_check" CHECK("applicant_situation_history"."code" IN ('acute', 'institution', 'long_term_solution', 'short_term_self_arranged')),
	CONSTRAINT "applicant_situation_history_kind_check" CHECK("applicant_situation_history"."kind" IN ('shelter', 'emergency_housing', 'protected_housing', 'outdoors', 'prison', 'hvb', 'family_home', 'sis_institution', 'supported_housing', 'social_contract', 'training_flat', 'trial_flat', 'municipal_contract', 'with_friends', 'with_family', 'temporary_sublet', 'lodger'))
);
--> statement-breakpoint
CREATE INDEX `applicant_situation_history_applicant_idx` ON `applicant_situation_history` (`applicant_id`,`id`);--> statement-breakpoint
CREATE TABLE `applicants` (
	`id` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`situation_code` text NOT NULL,
	`caseload` text NOT NULL,
	`registered_on` text NOT NULL,
	`has_children` integer NOT NULL,
	`lottery_number` integer NOT NULL,
	`body` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "applicants_status_check" CHECK("applicants"."status" IN ('active', 'paused', 'offered', 'housed', 'withdrawn')),
	CONSTRAINT "applicants_situation_code_check" CHECK("applicants"."situation_code" IN ('acute', 'institution', 'long_term_solution', 'short_term_self_arranged')),
	CONSTRAINT "applicants_version_check" CHECK("applicants"."version" >= 1)
);
--> statement-breakpoint
CREATE INDEX `applicants_status_idx` ON `applicants` (`status`);--> statement-breakpoint
CREATE INDEX `applicants_caseload_idx` ON `applicants` (`caseload`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`task` text NOT NULL,
	`payload` text,
	`status` text DEFAULT 'queued' NOT NULL,
	`run_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer DEFAULT 5 NOT NULL,
	`locked_by` text,
	`locked_until` integer,
	`last_error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`finished_at` integer,
	CONSTRAINT "jobs_status_check" CHECK("jobs"."status" IN ('queued', 'running', 'succeeded', 'dead')),
	CONSTRAINT "jobs_attempts_check" CHECK("jobs"."attempts" >= 0 AND "jobs"."attempts" <= "jobs"."max_attempts"),
	CONSTRAINT "jobs_max_attempts_check" CHECK("jobs"."max_attempts" >= 1),
	CONSTRAINT "jobs_lease_check" CHECK(("jobs"."status" = 'running') = ("jobs"."locked_by" IS NOT NULL AND "jobs"."locked_until" IS NOT NULL))
);
--> statement-breakpoint
CREATE INDEX `jobs_claim_idx` ON `jobs` (`status`,`run_at`,`id`);--> statement-breakpoint
CREATE TABLE `policies` (
	`id` text NOT NULL,
	`version` integer NOT NULL,
	`name` text NOT NULL,
	`body` text NOT NULL,
	`active` integer DEFAULT false NOT NULL,
	`used_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`id`, `version`),
	CONSTRAINT "policies_version_check" CHECK("policies"."version" >= 1),
	CONSTRAINT "policies_active_check" CHECK("policies"."active" IN (0, 1))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `policies_one_active` ON `policies` (`active`) WHERE "policies"."active" = 1;--> statement-breakpoint
CREATE TABLE `vacancies` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`landlord` text NOT NULL,
	`district` text NOT NULL,
	`status` text NOT NULL,
	`available_from` text NOT NULL,
	`external_ref` text,
	`body` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "vacancies_type_check" CHECK("vacancies"."type" IN ('social_contract', 'housing_first', 'training_flat', 'trial_flat', 'supported_housing', 'obo_priority')),
	CONSTRAINT "vacancies_landlord_check" CHECK("vacancies"."landlord" IN ('obo', 'municipality', 'private')),
	CONSTRAINT "vacancies_status_check" CHECK("vacancies"."status" IN ('open', 'offered', 'let', 'withdrawn')),
	CONSTRAINT "vacancies_version_check" CHECK("vacancies"."version" >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `vacancies_external_ref_unique` ON `vacancies` (`external_ref`) WHERE "vacancies"."external_ref" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `vacancies_status_idx` ON `vacancies` (`status`);