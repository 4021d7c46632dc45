-- Guards drizzle-kit cannot express in the schema: written by hand (drizzle-kit generate --custom).

-- A decision record is what a named person decided: it is never rewritten or removed.
CREATE TRIGGER `decisions_no_update`
BEFORE UPDATE ON `decisions`
BEGIN
  SELECT RAISE(ABORT, 'decisions are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `decisions_no_delete`
BEFORE DELETE ON `decisions`
BEGIN
  SELECT RAISE(ABORT, 'decisions are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `placements_no_update`
BEFORE UPDATE ON `placements`
BEGIN
  SELECT RAISE(ABORT, 'placements are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `placements_no_delete`
BEFORE DELETE ON `placements`
BEGIN
  SELECT RAISE(ABORT, 'placements are append-only');
END;
--> statement-breakpoint
-- A stored snapshot and a stored result are written once: replay compares against them.
CREATE TRIGGER `rounds_snapshot_written_once`
BEFORE UPDATE OF `snapshot`, `snapshot_sha256` ON `rounds`
WHEN OLD.`snapshot` IS NOT NULL AND (NEW.`snapshot` IS NOT OLD.`snapshot` OR NEW.`snapshot_sha256` IS NOT OLD.`snapshot_sha256`)
BEGIN
  SELECT RAISE(ABORT, 'a round''s snapshot is written once');
END;
--> statement-breakpoint
CREATE TRIGGER `rounds_result_written_once`
BEFORE UPDATE OF `result`, `result_sha256` ON `rounds`
WHEN OLD.`result` IS NOT NULL AND (NEW.`result` IS NOT OLD.`result` OR NEW.`result_sha256` IS NOT OLD.`result_sha256`)
BEGIN
  SELECT RAISE(ABORT, 'a round''s result is written once');
END;
--> statement-breakpoint
-- Proposals are decided once: a decided proposal never goes back to pending or changes its pair.
CREATE TRIGGER `proposals_decided_once`
BEFORE UPDATE ON `proposals`
WHEN OLD.`status` <> 'pending' OR NEW.`applicant_id` IS NOT OLD.`applicant_id` OR NEW.`vacancy_id` IS NOT OLD.`vacancy_id` OR NEW.`round_id` IS NOT OLD.`round_id`
BEGIN
  SELECT RAISE(ABORT, 'a proposal is decided once');
END;
--> statement-breakpoint
-- An answered offer is final.
CREATE TRIGGER `offers_answered_once`
BEFORE UPDATE ON `offers`
WHEN OLD.`status` <> 'open' AND (NEW.`status` IS NOT OLD.`status` OR NEW.`answered_at` IS NOT OLD.`answered_at`)
BEGIN
  SELECT RAISE(ABORT, 'an answered offer is final');
END;
