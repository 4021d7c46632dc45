-- The legal basis and the tenancy pathway (issue 14): the decision a legal basis rests on, a sublet's
-- trial period, and what happens to a placement afterwards (take-over, end). Drafted with drizzle-kit
-- generate; the triggers at the end are written by hand.
CREATE TABLE `placement_events` (
	`id` text PRIMARY KEY NOT NULL,
	`placement_id` text NOT NULL,
	`applicant_id` text NOT NULL,
	`kind` text NOT NULL,
	`on` text NOT NULL,
	`end_reason` text,
	`caseload` text NOT NULL,
	`recorded_by_person` text NOT NULL,
	`recorded_by_token` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`placement_id`) REFERENCES `placements`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`applicant_id`) REFERENCES `applicants`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "placement_events_kind_check" CHECK("placement_events"."kind" IN ('taken_over', 'ended')),
	CONSTRAINT "placement_events_end_reason_check" CHECK(("placement_events"."kind" = 'ended') = ("placement_events"."end_reason" IS NOT NULL) AND ("placement_events"."end_reason" IS NULL OR "placement_events"."end_reason" IN ('moved'))),
	CONSTRAINT "placement_events_person_check" CHECK(length(trim("placement_events"."recorded_by_person")) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `placement_events_once` ON `placement_events` (`placement_id`,`kind`);--> statement-breakpoint
CREATE INDEX `placement_events_applicant_idx` ON `placement_events` (`applicant_id`);--> statement-breakpoint
ALTER TABLE `decisions` ADD `basis_reference` text;--> statement-breakpoint
ALTER TABLE `decisions` ADD `basis_decided_on` text;--> statement-breakpoint
ALTER TABLE `placements` ADD `trial_period_ends_on` text;--> statement-breakpoint
-- A placement's events are what a named person recorded: never rewritten or removed.
CREATE TRIGGER `placement_events_no_update`
BEFORE UPDATE ON `placement_events`
BEGIN
  SELECT RAISE(ABORT, 'placement events are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `placement_events_no_delete`
BEFORE DELETE ON `placement_events`
BEGIN
  SELECT RAISE(ABORT, 'placement events are append-only');
END;
--> statement-breakpoint
-- Nothing happens to a placement after it ended.
CREATE TRIGGER `placement_events_not_after_end`
BEFORE INSERT ON `placement_events`
WHEN EXISTS (SELECT 1 FROM `placement_events` e WHERE e.`placement_id` = NEW.`placement_id` AND e.`kind` = 'ended')
BEGIN
  SELECT RAISE(ABORT, 'the placement has ended');
END;
--> statement-breakpoint
-- Rule P7: a household holds at most one active placement (one with no `ended` event).
CREATE TRIGGER `placements_one_active_per_applicant`
BEFORE INSERT ON `placements`
WHEN EXISTS (
  SELECT 1 FROM `placements` p
  WHERE p.`applicant_id` = NEW.`applicant_id`
    AND NOT EXISTS (SELECT 1 FROM `placement_events` e WHERE e.`placement_id` = p.`id` AND e.`kind` = 'ended')
)
BEGIN
  SELECT RAISE(ABORT, 'the household already holds an active placement');
END;
