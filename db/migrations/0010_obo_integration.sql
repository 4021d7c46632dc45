-- ÖBO integration (issue 13): priority decisions, the nomination outbox, the inbox of outcome deliveries.
-- Drafted with drizzle-kit generate, then renamed to 0010 (0009 is taken by another change).
CREATE TABLE `obo_inbox` (
	`delivery_id` text PRIMARY KEY NOT NULL,
	`outcome` text NOT NULL,
	`offer_id` text NOT NULL,
	`result` text NOT NULL,
	`received_at` text NOT NULL,
	CONSTRAINT "obo_inbox_outcome_check" CHECK("obo_inbox"."outcome" IN ('contract_signed', 'declined', 'no_answer'))
);
--> statement-breakpoint
CREATE TABLE `obo_outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`offer_id` text NOT NULL,
	`event` text NOT NULL,
	`payload` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`locked_until` integer,
	`last_error` text,
	`created_at` text NOT NULL,
	`delivered_at` text,
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "obo_outbox_status_check" CHECK("obo_outbox"."status" IN ('pending', 'delivered', 'dead')),
	CONSTRAINT "obo_outbox_attempts_check" CHECK("obo_outbox"."attempts" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `obo_outbox_offer_unique` ON `obo_outbox` (`offer_id`);--> statement-breakpoint
CREATE INDEX `obo_outbox_due_idx` ON `obo_outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `obo_priority_decisions` (
	`decision_ref` text PRIMARY KEY NOT NULL,
	`applicant_id` text NOT NULL,
	`decided_on` text NOT NULL,
	`grounds` text NOT NULL,
	`status` text NOT NULL,
	`ended_on` text,
	`end_reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`applicant_id`) REFERENCES `applicants`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "obo_priority_decisions_grounds_check" CHECK("obo_priority_decisions"."grounds" IN ('social', 'medical', 'threat_or_violence', 'other')),
	CONSTRAINT "obo_priority_decisions_status_check" CHECK("obo_priority_decisions"."status" IN ('approved', 'ended')),
	CONSTRAINT "obo_priority_decisions_end_check" CHECK(("obo_priority_decisions"."status" = 'ended') = ("obo_priority_decisions"."ended_on" IS NOT NULL AND "obo_priority_decisions"."end_reason" IS NOT NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `obo_priority_decisions_one_approved` ON `obo_priority_decisions` (`applicant_id`) WHERE "obo_priority_decisions"."status" = 'approved';