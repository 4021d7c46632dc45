-- A guard drizzle-kit cannot express in the schema: written by hand (drizzle-kit generate --custom).

-- The inbox records every outcome ÖBO delivered, by delivery id, so that a replayed delivery has
-- no second effect: a row that could be rewritten or removed would let a replay apply twice.
CREATE TRIGGER `obo_inbox_no_update`
BEFORE UPDATE ON `obo_inbox`
BEGIN
  SELECT RAISE(ABORT, 'obo_inbox is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `obo_inbox_no_delete`
BEFORE DELETE ON `obo_inbox`
BEGIN
  SELECT RAISE(ABORT, 'obo_inbox is append-only');
END;
