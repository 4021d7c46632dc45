-- Guards drizzle-kit cannot express in the schema: written by hand (drizzle-kit generate --custom).

-- Situation history is kept, never overwritten: follow-up counts flows between situations.
CREATE TRIGGER `applicant_situation_history_no_update`
BEFORE UPDATE ON `applicant_situation_history`
BEGIN
  SELECT RAISE(ABORT, 'applicant_situation_history is append-only');
END;
--> statement-breakpoint
-- A policy version a round has used is immutable: its decisions must stay traceable to the exact rules.
-- Only the active flag may still change (a used version can be retired or re-activated).
CREATE TRIGGER `policies_immutable_once_used`
BEFORE UPDATE ON `policies`
WHEN OLD.`used_at` IS NOT NULL AND (
  NEW.`id` IS NOT OLD.`id` OR NEW.`version` IS NOT OLD.`version` OR NEW.`name` IS NOT OLD.`name`
  OR NEW.`body` IS NOT OLD.`body` OR NEW.`used_at` IS NOT OLD.`used_at`
)
BEGIN
  SELECT RAISE(ABORT, 'policy version is immutable once used');
END;
--> statement-breakpoint
CREATE TRIGGER `policies_no_delete_once_used`
BEFORE DELETE ON `policies`
WHEN OLD.`used_at` IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'policy version is immutable once used');
END;
