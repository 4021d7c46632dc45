DROP INDEX `audit_log_prev_hash_unique`;
--> statement-breakpoint
-- Written by hand after drizzle-kit's DROP INDEX (drizzle-kit cannot express triggers).
-- Every audit row must extend the chain: its id is the last id + 1 (1 for the first row) and its
-- prev_hash is the last row's hash (64 zeros for the first). Two rowid lookups per insert; this
-- refuses forks, as the unique index on prev_hash did, and also gaps and links to the wrong row.
-- An insert must name its id (appendAudit does): a NULL id is not the next id and is refused.
CREATE TRIGGER `audit_log_extends_chain`
BEFORE INSERT ON `audit_log`
WHEN NEW.`id` IS NOT coalesce((SELECT max(`id`) FROM `audit_log`), 0) + 1
  OR NEW.`prev_hash` IS NOT coalesce(
    (SELECT `hash` FROM `audit_log` WHERE `id` = NEW.`id` - 1),
    '0000000000000000000000000000000000000000000000000000000000000000'
  )
BEGIN
  SELECT RAISE(ABORT, 'audit_log: a row must extend the chain (the next id, the last row''s hash)');
END;
