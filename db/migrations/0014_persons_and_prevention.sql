-- Persons and prevention cases (issue 14, sections 3 and 4).
--
-- 1. applicant_persons: the keyed pseudonyms of a household's members, so that a second household
--    still seeking housing with the same person is found by one indexed lookup.
-- 2. applicants.situation_code becomes nullable: a prevention case (a household at risk of eviction,
--    registered before it is homeless) is in none of the four situations. SQLite cannot drop a
--    NOT NULL in place, so the table is rebuilt (SQLite's documented procedure: new table, copy,
--    drop, rename). db/client.ts runs migrations with foreign keys off and checks them all
--    (PRAGMA foreign_key_check) before it turns them back on; every applicant row is copied with
--    its id, so every reference to it still holds.
-- 3. decisions: the child's perspective (considered, heard, reason code), NULL on older decisions.
CREATE TABLE `applicant_persons` (
	`applicant_id` text NOT NULL,
	`pnr_pseudonym` text NOT NULL,
	PRIMARY KEY(`applicant_id`, `pnr_pseudonym`),
	FOREIGN KEY (`applicant_id`) REFERENCES `applicants`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "applicant_persons_pseudonym_check" CHECK(length("applicant_persons"."pnr_pseudonym") = 64)
);
--> statement-breakpoint
CREATE INDEX `applicant_persons_pseudonym_idx` ON `applicant_persons` (`pnr_pseudonym`);--> statement-breakpoint
CREATE TABLE `__new_applicants` (
	`id` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`situation_code` text,
	`caseload` text NOT NULL,
	`registered_on` text NOT NULL,
	`has_children` integer NOT NULL,
	`lottery_number` integer NOT NULL,
	`body` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "applicants_status_check" CHECK("__new_applicants"."status" IN ('active', 'paused', 'offered', 'housed', 'withdrawn')),
	CONSTRAINT "applicants_situation_code_check" CHECK("__new_applicants"."situation_code" IN ('acute', 'institution', 'long_term_solution', 'short_term_self_arranged')),
	CONSTRAINT "applicants_version_check" CHECK("__new_applicants"."version" >= 1)
);
--> statement-breakpoint
INSERT INTO `__new_applicants`("id", "status", "situation_code", "caseload", "registered_on", "has_children", "lottery_number", "body", "version", "created_at", "updated_at") SELECT "id", "status", "situation_code", "caseload", "registered_on", "has_children", "lottery_number", "body", "version", "created_at", "updated_at" FROM `applicants`;--> statement-breakpoint
DROP TABLE `applicants`;--> statement-breakpoint
ALTER TABLE `__new_applicants` RENAME TO `applicants`;--> statement-breakpoint
CREATE INDEX `applicants_status_idx` ON `applicants` (`status`);--> statement-breakpoint
CREATE INDEX `applicants_caseload_idx` ON `applicants` (`caseload`);--> statement-breakpoint
ALTER TABLE `decisions` ADD `child_considered` integer CHECK (`child_considered` IN (0, 1));--> statement-breakpoint
ALTER TABLE `decisions` ADD `child_heard` text CHECK (`child_heard` IN ('yes', 'no', 'not_old_enough'));--> statement-breakpoint
ALTER TABLE `decisions` ADD `child_reason` text CHECK (`child_reason` IN ('stable_housing', 'near_school_or_preschool', 'safety', 'space_for_the_child', 'keeps_network', 'child_declined_to_be_heard', 'could_not_be_reached', 'other_documented_in_case'));