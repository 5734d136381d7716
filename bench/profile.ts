/**
 * `npm run bench:profile`: where the API artifact spends its time. CPU profiles (node --cpu-prof)
 * of cold starts and of 10,000 warm invocations of `GET /promotions?limit=20` on PostgreSQL,
 * summarised by package, and the bundle's composition by package. The raw .cpuprofile files
 * stay in .bench/profile/ for Chrome DevTools.
 */
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runInLambda } from "./lambda/run";
import { bundleComposition } from "./profile/composition";
import { type ProfileSummary, summariseProfiles } from "./profile/summary";
import { type Artifact, buildBenchArtifacts } from "./setup/artifacts";
import { benchDatabase, serverIsUp, serverUrl } from "./setup/database";
import { listEvent } from "./setup/events";

const root = fileURLToPath(new URL("..", import.meta.url));
const saved = `${root}.bench/profile`;
const coldRuns = 5;
const warmInvocations = 10_000;

if (!(await serverIsUp())) {
  console.error(`No PostgreSQL at ${serverUrl}: the API's artifact speaks PostgreSQL only.`);
  process.exit(1);
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)} %`;

const composition = await bundleComposition();
console.log(`\nAPI bundle: ${kb(composition.total)} (${composition.total} B), by package:`);
for (const { name, bytes } of composition.byPackage) {
  console.log(
    `  ${name.padEnd(20)} ${kb(bytes).padStart(10)}  ${percent(bytes, composition.total).padStart(7)}`,
  );
}
console.log("largest files:");
for (const { file, bytes } of composition.topFiles) {
  console.log(`  ${kb(bytes).padStart(10)}  ${file.replace(/^.*?(node_modules\/|packages\/)/, "$1")}`);
}

const database = await benchDatabase("promotions_profile");
const artifacts = await buildBenchArtifacts(database);
const event = listEvent();
const maps = new Map(
  [artifacts.api, artifacts.floor].map((a) => [`${a.task}/bundle.mjs`, join(a.out, "bundle.mjs.map")]),
);

async function profile(
  artifact: Artifact,
  name: string,
  runs: number,
  job: Parameters<typeof runInLambda>[1],
  interval: number,
) {
  const dir = join(artifacts.work, "profiles", name);
  for (let n = 0; n < runs; n++) {
    await runInLambda([artifact], job, {
      nodeFlags: ["--cpu-prof", "--cpu-prof-dir", dir, "--cpu-prof-interval", String(interval)],
    });
  }
  const files = readdirSync(dir).map((file) => join(dir, file));
  mkdirSync(join(saved, name), { recursive: true });
  for (const file of files) cpSync(file, join(saved, name, file.slice(dir.length + 1)));
  return summariseProfiles(files, maps);
}

function print(title: string, summary: ProfileSummary, per: number, unit: string, top = summary.top.length) {
  const ms = (value: number) => `${(value / per).toFixed(unit === "µs" ? 1 : 2)} ${unit}`;
  console.log(
    `\n${title}: ${ms(summary.totalMs * (unit === "µs" ? 1000 : 1))} profiled, self time by group:`,
  );
  const scale = unit === "µs" ? 1000 : 1;
  for (const { name, ms: value } of summary.groups) {
    console.log(
      `  ${name.padEnd(22)} ${ms(value * scale).padStart(12)}  ${percent(value, summary.totalMs).padStart(7)}`,
    );
  }
  console.log("top functions (self time):");
  for (const { name, group, ms: value } of summary.top.slice(0, top)) {
    console.log(`  ${ms(value * scale).padStart(12)}  ${group.padEnd(16)} ${name}`);
  }
}

rmSync(saved, { recursive: true, force: true });
try {
  const loop = { mode: "loop", event, count: warmInvocations } as const;
  const cold = await profile(artifacts.api, "api-cold", coldRuns, { mode: "cold", event }, 100);
  const warm = await profile(artifacts.api, "api-warm", 1, loop, 250);
  const floorCold = await profile(artifacts.floor, "floor-cold", coldRuns, { mode: "cold", event }, 100);
  const floorWarm = await profile(artifacts.floor, "floor-warm", 1, loop, 250);
  const warmTitle = `per invocation, ${warmInvocations.toLocaleString("en")} invocations incl. start`;
  print(`API cold start (per run, mean of ${coldRuns})`, cold, coldRuns, "ms");
  print(`Floor cold start (per run, mean of ${coldRuns})`, floorCold, coldRuns, "ms", 8);
  print(`API warm (${warmTitle})`, warm, warmInvocations, "µs");
  print(`Floor warm (${warmTitle})`, floorWarm, warmInvocations, "µs", 8);
  const summary = { composition, api: { cold, warm }, floor: { cold: floorCold, warm: floorWarm } };
  writeFileSync(join(saved, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`\nProfiles and summary.json in ${saved}`);
} finally {
  rmSync(artifacts.work, { recursive: true, force: true });
  await database.drop();
}
