import { defineConfig } from "drizzle-kit";

/** The PostgreSQL migrations, generated from the tables src/db/postgres-schema.ts builds out of src/db/schema.ts. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/postgres-schema.ts",
  out: "./migrations/postgres",
});
