import { PGlite } from "@electric-sql/pglite";

let t = performance.now();
const a = new PGlite("memory://");
await a.waitReady;
console.log("fresh", performance.now() - t);
await a.exec("create table x (n int)");
t = performance.now();
const dump = await a.dumpDataDir("none");
console.log("dump", performance.now() - t, dump.size);
t = performance.now();
const b = new PGlite("memory://", { loadDataDir: dump });
await b.waitReady;
console.log("load", performance.now() - t);
console.log((await b.query("select count(*) from x")).rows);
t = performance.now();
const c = new PGlite("memory://");
await c.waitReady;
console.log("fresh2", performance.now() - t);
