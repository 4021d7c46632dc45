CREATE TABLE `audit_log_culled` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`audit_id` integer NOT NULL,
	`run_id` text NOT NULL,
	`hash` text NOT NULL,
	`prev_hash` text NOT NULL,
	`residual_hash` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_culled_audit_idx` ON `audit_log_culled` (`audit_id`,`seq`);--> statement-breakpoint
CREATE TABLE `culled_households` (
	`applicant_id` text PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL,
	`culled_at` text NOT NULL,
	`withdrawn_on` text,
	FOREIGN KEY (`applicant_id`) REFERENCES `applicants`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE TABLE `retention_active` (
	`run_id` text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE `retention_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`ran_at` text NOT NULL,
	`settings` text NOT NULL,
	`counts` text NOT NULL,
	`tombstones_sha256` text NOT NULL
);
--> statement-breakpoint
-- Written by hand after drizzle-kit's tables (drizzle-kit cannot express triggers).
-- Retention (gallring): the append-only guards stay, but a row may change or go while a retention
-- run is in progress, i.e. while `retention_active` holds a row. The run inserts that row first and
-- deletes it last, in its own transaction, so no other connection ever sees it: outside a run every
-- guard refuses exactly as before (tests/db/retention-guards.test.ts).
DROP TRIGGER `audit_log_no_delete`;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete`
BEFORE DELETE ON `audit_log`
WHEN NOT EXISTS (SELECT 1 FROM `retention_active`)
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
DROP TRIGGER `audit_log_subjects_no_delete`;
--> statement-breakpoint
CREATE TRIGGER `audit_log_subjects_no_delete`
BEFORE DELETE ON `audit_log_subjects`
WHEN NOT EXISTS (SELECT 1 FROM `retention_active`)
BEGIN
  SELECT RAISE(ABORT, 'audit_log_subjects is append-only');
END;
--> statement-breakpoint
DROP TRIGGER `obo_inbox_no_delete`;
--> statement-breakpoint
CREATE TRIGGER `obo_inbox_no_delete`
BEFORE DELETE ON `obo_inbox`
WHEN NOT EXISTS (SELECT 1 FROM `retention_active`)
BEGIN
  SELECT RAISE(ABORT, 'obo_inbox is append-only');
END;
--> statement-breakpoint
-- A decision is kept (the follow-up counts it), but its free text and score terms are culled with
-- the household: inside a run, and only those two columns, and only to NULL.
DROP TRIGGER `decisions_no_update`;
--> statement-breakpoint
CREATE TRIGGER `decisions_no_update`
BEFORE UPDATE ON `decisions`
WHEN NOT (
  EXISTS (SELECT 1 FROM `retention_active`)
  AND NEW.`reason_text` IS NULL AND NEW.`score_terms` IS NULL
  AND NEW.`id` IS OLD.`id` AND NEW.`round_id` IS OLD.`round_id` AND NEW.`proposal_id` IS OLD.`proposal_id`
  AND NEW.`kind` IS OLD.`kind` AND NEW.`applicant_id` IS OLD.`applicant_id` AND NEW.`vacancy_id` IS OLD.`vacancy_id`
  AND NEW.`policy_id` IS OLD.`policy_id` AND NEW.`policy_version` IS OLD.`policy_version` AND NEW.`score` IS OLD.`score`
  AND NEW.`legal_basis` IS OLD.`legal_basis` AND NEW.`reason_code` IS OLD.`reason_code`
  AND NEW.`decided_by_person` IS OLD.`decided_by_person` AND NEW.`decided_by_token` IS OLD.`decided_by_token`
  AND NEW.`decided_by_role` IS OLD.`decided_by_role` AND NEW.`decided_at` IS OLD.`decided_at`
)
BEGIN
  SELECT RAISE(ABORT, 'decisions are append-only');
END;
--> statement-breakpoint
-- A decided proposal's explanation is culled with its round or household: inside a run, only to NULL.
DROP TRIGGER `proposals_decided_once`;
--> statement-breakpoint
CREATE TRIGGER `proposals_decided_once`
BEFORE UPDATE ON `proposals`
WHEN (OLD.`status` <> 'pending' OR NEW.`applicant_id` IS NOT OLD.`applicant_id` OR NEW.`vacancy_id` IS NOT OLD.`vacancy_id` OR NEW.`round_id` IS NOT OLD.`round_id`)
  AND NOT (
    EXISTS (SELECT 1 FROM `retention_active`)
    AND NEW.`explanation` IS NULL
    AND NEW.`id` IS OLD.`id` AND NEW.`status` IS OLD.`status` AND NEW.`applicant_id` IS OLD.`applicant_id`
    AND NEW.`vacancy_id` IS OLD.`vacancy_id` AND NEW.`round_id` IS OLD.`round_id` AND NEW.`score` IS OLD.`score`
    AND NEW.`created_at` IS OLD.`created_at` AND NEW.`decided_at` IS OLD.`decided_at`
  )
BEGIN
  SELECT RAISE(ABORT, 'a proposal is decided once');
END;
--> statement-breakpoint
-- A round's snapshot and result are written once; a run culls the snapshot and the explanations in the result.
DROP TRIGGER `rounds_snapshot_written_once`;
--> statement-breakpoint
CREATE TRIGGER `rounds_snapshot_written_once`
BEFORE UPDATE OF `snapshot`, `snapshot_sha256` ON `rounds`
WHEN OLD.`snapshot` IS NOT NULL AND (NEW.`snapshot` IS NOT OLD.`snapshot` OR NEW.`snapshot_sha256` IS NOT OLD.`snapshot_sha256`)
  AND NOT EXISTS (SELECT 1 FROM `retention_active`)
BEGIN
  SELECT RAISE(ABORT, 'a round''s snapshot is written once');
END;
--> statement-breakpoint
DROP TRIGGER `rounds_result_written_once`;
--> statement-breakpoint
CREATE TRIGGER `rounds_result_written_once`
BEFORE UPDATE OF `result`, `result_sha256` ON `rounds`
WHEN OLD.`result` IS NOT NULL AND (NEW.`result` IS NOT OLD.`result` OR NEW.`result_sha256` IS NOT OLD.`result_sha256`)
  AND NOT EXISTS (SELECT 1 FROM `retention_active`)
BEGIN
  SELECT RAISE(ABORT, 'a round''s result is written once');
END;
--> statement-breakpoint
-- What a run records is itself append-only, and only a run writes it.
CREATE TRIGGER `retention_runs_insert_in_run`
BEFORE INSERT ON `retention_runs`
WHEN NOT EXISTS (SELECT 1 FROM `retention_active` WHERE `run_id` = NEW.`id`)
BEGIN
  SELECT RAISE(ABORT, 'retention_runs: written only by a retention run');
END;
--> statement-breakpoint
CREATE TRIGGER `retention_runs_no_update`
BEFORE UPDATE ON `retention_runs`
BEGIN
  SELECT RAISE(ABORT, 'retention_runs is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `retention_runs_no_delete`
BEFORE DELETE ON `retention_runs`
BEGIN
  SELECT RAISE(ABORT, 'retention_runs is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_culled_insert_in_run`
BEFORE INSERT ON `audit_log_culled`
WHEN NOT EXISTS (SELECT 1 FROM `retention_active` WHERE `run_id` = NEW.`run_id`)
BEGIN
  SELECT RAISE(ABORT, 'audit_log_culled: written only by a retention run');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_culled_no_update`
BEFORE UPDATE ON `audit_log_culled`
BEGIN
  SELECT RAISE(ABORT, 'audit_log_culled is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_culled_no_delete`
BEFORE DELETE ON `audit_log_culled`
BEGIN
  SELECT RAISE(ABORT, 'audit_log_culled is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `culled_households_insert_in_run`
BEFORE INSERT ON `culled_households`
WHEN NOT EXISTS (SELECT 1 FROM `retention_active` WHERE `run_id` = NEW.`run_id`)
BEGIN
  SELECT RAISE(ABORT, 'culled_households: written only by a retention run');
END;
--> statement-breakpoint
CREATE TRIGGER `culled_households_no_update`
BEFORE UPDATE ON `culled_households`
BEGIN
  SELECT RAISE(ABORT, 'culled_households is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `culled_households_no_delete`
BEFORE DELETE ON `culled_households`
BEGIN
  SELECT RAISE(ABORT, 'culled_households is append-only');
END;
