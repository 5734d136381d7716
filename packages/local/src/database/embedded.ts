import { readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { PortInUseError } from "../port-in-use";
import { acquireLock } from "./lock";

export interface EmbeddedDatabaseOptions {
  /** A directory (kept between runs, locked while open) or `memory://`. */
  dataDir: string;
  /** TCP port on 127.0.0.1 to serve it on; 0 picks a free one. */
  port: number;
  /** Who opens it, for the message another process gets while it is open. */
  command: string;
  /** A `dumpDataDir()` tarball that a new database starts from (the tests' migrated template). */
  template?: string;
}

export interface EmbeddedDatabase {
  /** postgres:// URL of the database, for postgres.js, psql and drizzle-kit. */
  url: string;
  close(): Promise<void>;
}

/**
 * PGlite — PostgreSQL compiled to WebAssembly — served over the PostgreSQL protocol on loopback.
 * Everything reaches it through that socket with postgres.js, the driver the API uses in AWS,
 * and one process owns the directory: the socket server queues every client's messages into
 * PGlite's single session, where two processes opening the files would each keep a private copy
 * and the last to close would silently drop the other's writes.
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const inMemory = options.dataDir.startsWith("memory://");
  const lock = inMemory ? undefined : acquireLock(options.dataDir, options.command);
  let db: PGlite | undefined;
  try {
    db = await PGlite.create(options.dataDir, {
      ...(options.template ? { loadDataDir: new Blob([readFileSync(options.template)]) } : {}),
    });
    // Connections are cheap here (they share one session); allow every pool and tool at once.
    const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: options.port, maxConnections: 100 });
    await server.start().catch((error: NodeJS.ErrnoException) => {
      throw error.code === "EADDRINUSE" ? new PortInUseError(options.port, "DATABASE_PORT") : error;
    });
    const url = `postgres://postgres@${server.getServerConn()}/postgres`;
    lock?.advertise(url);
    const opened = db;
    return {
      url,
      async close() {
        await server.stop();
        await opened.close(); // flushes everything to the directory
        lock?.release();
      },
    };
  } catch (error) {
    await db?.close();
    lock?.release();
    throw error;
  }
}
