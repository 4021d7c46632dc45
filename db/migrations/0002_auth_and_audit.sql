CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`secret_hash` text NOT NULL,
	`role` text NOT NULL,
	`caseloads` text NOT NULL,
	`label` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`expires_at` text,
	`revoked_at` text,
	`last_used_at` text,
	CONSTRAINT "api_tokens_role_check" CHECK("api_tokens"."role" IN ('admin', 'allocator', 'caseworker', 'analyst', 'obo')),
	CONSTRAINT "api_tokens_secret_hash_check" CHECK(length("api_tokens"."secret_hash") = 64)
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`token_id` text NOT NULL,
	`role` text NOT NULL,
	`action` text NOT NULL,
	`object_type` text NOT NULL,
	`object_id` text,
	`request_id` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `audit_log_prev_hash_unique` ON `audit_log` (`prev_hash`);--> statement-breakpoint
CREATE INDEX `audit_log_object_idx` ON `audit_log` (`object_type`,`object_id`,`id`);