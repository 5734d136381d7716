import { sql } from "drizzle-orm";
import { type Database, database, usesPreparedStatements } from "./index";
import { useTransaction } from "./transaction";

interface Preparable<R> extends PromiseLike<R> {
  prepare(name: string): { execute(values: Record<string, unknown>): Promise<R> };
}

/**
 * A read whose SQL is built once per pool and run as a prepared statement: postgres.js sends an
 * unnamed statement's Parse and Describe first and waits for the answer before it binds the
 * values, so a prepared one saves a round trip per query, and the SQL is not rebuilt per request.
 * (drizzle passes `name` on only as "prepare this": postgres.js names the statement itself, per
 * connection, and reuses it by its SQL text, so names cannot collide; it also re-prepares a
 * statement a migration invalidated.) `build` gets each value through `value(key)`: a placeholder
 * when prepared, the value itself when prepared statements are off (DATABASE_PREPARE=false) or
 * inside a transaction, where the query must run on the transaction's connection.
 */
export function preparedRead<V extends Record<string, unknown>, R>(
  name: string,
  build: (db: Database, value: (key: keyof V & string) => never) => Preparable<R>,
): (values: V) => Promise<R> {
  const statements = new WeakMap<Database, ReturnType<Preparable<R>["prepare"]>>();
  return (values) =>
    useTransaction(async (tx) => {
      const db = database();
      if (tx !== db || !usesPreparedStatements()) {
        return build(tx as Database, (key) => values[key] as never);
      }
      let statement = statements.get(db);
      if (!statement) {
        statement = build(db, (key) => sql.placeholder(key) as never).prepare(name);
        statements.set(db, statement);
      }
      return statement.execute(driverValues(values));
    });
}

/**
 * A placeholder's value skips the column's encoder, and drizzle turns off postgres.js's own
 * timestamp serializer, so a Date must reach the driver as the string the encoder would make.
 */
function driverValues(values: Record<string, unknown>): Record<string, unknown> {
  const encoded: Record<string, unknown> = {};
  for (const key in values) {
    const value = values[key];
    encoded[key] = value instanceof Date ? value.toISOString() : value;
  }
  return encoded;
}
