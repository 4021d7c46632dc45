-- Guards drizzle-kit cannot express in the schema: written by hand (drizzle-kit generate --custom).

-- The audit trail is append-only: a record of who read or changed a person's data must not be
-- rewritten or removed by the application. The hash chain (src/services/audit.ts) catches edits
-- made with these triggers dropped.
CREATE TRIGGER `audit_log_no_update`
BEFORE UPDATE ON `audit_log`
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete`
BEFORE DELETE ON `audit_log`
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
-- Tokens are revoked, never deleted: the audit log names them by id.
CREATE TRIGGER `api_tokens_no_delete`
BEFORE DELETE ON `api_tokens`
BEGIN
  SELECT RAISE(ABORT, 'api tokens are revoked, not deleted');
END;
--> statement-breakpoint
-- A token's identity, role and caseloads are fixed at creation (a new role is a new token), and a
-- revocation is final: only `last_used_at` may change, and `revoked_at` only from NULL to a time.
CREATE TRIGGER `api_tokens_fixed_once_created`
BEFORE UPDATE ON `api_tokens`
WHEN NEW.`id` IS NOT OLD.`id` OR NEW.`secret_hash` IS NOT OLD.`secret_hash` OR NEW.`role` IS NOT OLD.`role`
  OR NEW.`caseloads` IS NOT OLD.`caseloads` OR NEW.`label` IS NOT OLD.`label`
  OR NEW.`created_at` IS NOT OLD.`created_at` OR NEW.`expires_at` IS NOT OLD.`expires_at`
  OR (OLD.`revoked_at` IS NOT NULL AND NEW.`revoked_at` IS NOT OLD.`revoked_at`)
BEGIN
  SELECT RAISE(ABORT, 'api tokens can only be revoked');
END;
