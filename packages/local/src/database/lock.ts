import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Who holds a data directory, as written in its lock file. */
export interface LockOwner {
  pid: number;
  command: string;
  startedAt: string;
  /** Where the owner serves the database over the PostgreSQL protocol, once it does. */
  url?: string;
}

export class DataDirLockedError extends Error {
  override readonly name = "DataDirLockedError";
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
  ) {
    super(
      `${dataDir} is in use by process ${owner.pid} (${owner.command}, since ${owner.startedAt})` +
        (owner.url ? `, which serves it at ${owner.url}` : "") +
        ". One process owns a PGlite directory at a time: stop that one first. If no such process " +
        `runs any more, delete ${lockPath(dataDir)}.`,
    );
  }
}

export const lockPath = (dataDir: string) => join(dataDir, "owner.lock");

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(path, "utf8")) as LockOwner;
    return Number.isInteger(owner.pid) ? owner : undefined;
  } catch {
    return undefined; // half-written by a process killed while writing it: stale
  }
}

/** The live owner of `dataDir`, if a process other than this one holds it. */
export function lockOwner(dataDir: string): LockOwner | undefined {
  const owner = readOwner(lockPath(dataDir));
  return owner && owner.pid !== process.pid && isAlive(owner.pid) ? owner : undefined;
}

/**
 * Takes the lock file in `dataDir` for this process, or throws `DataDirLockedError` naming the
 * live owner. A lock whose process is gone (a `kill -9`, a crash) is stale and taken over.
 * Why not proper-lockfile: its locks go stale by mtime, so after a crash the next start waits out
 * the stale period, and it records no owner to name in the message.
 */
export function acquireLock(dataDir: string, command: string) {
  mkdirSync(dataDir, { recursive: true });
  const path = lockPath(dataDir);
  let owner: LockOwner = { pid: process.pid, command, startedAt: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, "wx"); // fails if the file exists: only one process creates it
      writeFileSync(fd, JSON.stringify(owner));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 2) throw error;
      const holder = lockOwner(dataDir);
      if (holder) throw new DataDirLockedError(dataDir, holder);
      rmSync(path, { force: true }); // stale
    }
  }
  return {
    /** Records where the owner serves the database, for other processes to connect to. */
    advertise(url: string) {
      owner = { ...owner, url };
      writeFileSync(path, JSON.stringify(owner));
    },
    release() {
      if (readOwner(path)?.pid === process.pid) rmSync(path, { force: true });
    },
  };
}
