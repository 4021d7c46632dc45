-- Guards drizzle-kit cannot express in the schema: written by hand (drizzle-kit generate --custom).

-- The subjects of an audited list read are part of its record: append-only like audit_log.
CREATE TRIGGER `audit_log_subjects_no_update`
BEFORE UPDATE ON `audit_log_subjects`
BEGIN
  SELECT RAISE(ABORT, 'audit_log_subjects is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_subjects_no_delete`
BEFORE DELETE ON `audit_log_subjects`
BEGIN
  SELECT RAISE(ABORT, 'audit_log_subjects is append-only');
END;
