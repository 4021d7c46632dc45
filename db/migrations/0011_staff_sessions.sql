-- Sessions of the staff pages: a signed-in browser carries a session cookie, never the API token.
-- Drafted with drizzle-kit generate from db/schema.ts (staffSessions), renumbered 0011 by hand.
CREATE TABLE `staff_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`secret_hash` text NOT NULL,
	`token_id` text NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`expires_at` text NOT NULL,
	`ended_at` text,
	FOREIGN KEY (`token_id`) REFERENCES `api_tokens`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "staff_sessions_secret_hash_check" CHECK(length("staff_sessions"."secret_hash") = 64)
);
--> statement-breakpoint
CREATE INDEX `staff_sessions_token_idx` ON `staff_sessions` (`token_id`);