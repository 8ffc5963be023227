CREATE TABLE "upload_job_inputs" (
	"job_id" text NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"content" text NOT NULL,
	CONSTRAINT "upload_job_inputs_job_id_position_pk" PRIMARY KEY("job_id","position")
);
--> statement-breakpoint
ALTER TABLE "upload_jobs" ADD COLUMN "heartbeat_at" text;--> statement-breakpoint
ALTER TABLE "upload_job_inputs" ADD CONSTRAINT "upload_job_inputs_job_id_upload_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."upload_jobs"("id") ON DELETE cascade ON UPDATE no action;