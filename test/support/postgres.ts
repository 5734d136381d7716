import postgres from "postgres";

/** The PostgreSQL server the artifact tests and the bench use (CI runs one on 127.0.0.1). */
export const postgresServerUrl = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";

/** Whether a server answers at `url` within 3 s. */
export async function postgresAnswers(url = postgresServerUrl): Promise<boolean> {
  const probe = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await probe`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await probe.end({ timeout: 1 });
  }
}
