CREATE TABLE `audit_log_subjects` (
	`audit_id` integer NOT NULL,
	`object_id` text NOT NULL,
	PRIMARY KEY(`audit_id`, `object_id`),
	FOREIGN KEY (`audit_id`) REFERENCES `audit_log`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `audit_log_subjects_object_idx` ON `audit_log_subjects` (`object_id`,`audit_id`);