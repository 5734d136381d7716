/**
 * A V8 CPU profile (node --cpu-prof) summarised: self time by package and the functions that
 * spend the most of it. Frames in the bundle are traced to their sources through its source map,
 * which the build keeps beside the task (SST does not ship it).
 */
import { readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { packageOf } from "./packages";

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    children?: number[];
  }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Wall time the profiles cover, in ms (summed over every profile). */
  totalMs: number;
  groups: { name: string; ms: number }[];
  top: { name: string; group: string; ms: number }[];
}

/** Where a profile's frame came from: a package (through the map for the bundle) and a readable name. */
function locate(
  frame: CpuProfile["nodes"][number]["callFrame"],
  maps: Map<string, SourceMap>,
): { group: string; name: string } {
  const { functionName, url, lineNumber, columnNumber } = frame;
  if (!url) {
    // (program), (garbage collector), (idle) and V8's builtins written in C++/Torque.
    return functionName.startsWith("(")
      ? { group: functionName, name: functionName }
      : { group: "V8 builtins", name: functionName || "(anonymous)" };
  }
  if (url.startsWith("node:")) return { group: "node internals", name: `${functionName} ${url}` };
  if (url.endsWith("/bench/lambda/runtime.mjs")) return { group: "bench runtime", name: functionName };
  const map = [...maps].find(([bundle]) => url.endsWith(bundle))?.[1];
  if (map) {
    const entry = map.findEntry(lineNumber, columnNumber);
    if ("originalSource" in entry) {
      const source = entry.originalSource.replace(/^.*?(node_modules\/|packages\/)/, "$1");
      // Node returns the mapping's original name too, which @types/node does not declare.
      const name = (entry as { name?: string }).name ?? functionName;
      return {
        group: packageOf(entry.originalSource),
        name: `${name || "(anonymous)"} ${source}:${entry.originalLine + 1}`,
      };
    }
  }
  // The bundle's first position is its banner: what runs there is the module's top level.
  if (map && lineNumber === 0 && columnNumber === 0) {
    return { group: "bundle top level", name: "(module evaluation) bundle.mjs" };
  }
  return { group: packageOf(url), name: `${functionName || "(anonymous)"} ${url}:${lineNumber + 1}` };
}

/**
 * Sums the self time of `files` (profiles of the same program); `maps` gives the source map of
 * each bundle by the end of its URL.
 */
export function summariseProfiles(files: string[], maps: Map<string, string>, top = 15): ProfileSummary {
  const sourceMaps = new Map(
    [...maps].map(([bundle, file]) => [bundle, new SourceMap(JSON.parse(readFileSync(file, "utf8")))]),
  );
  const byGroup = new Map<string, number>();
  const byFunction = new Map<string, { group: string; ms: number }>();
  let totalMs = 0;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
    const located = new Map(profile.nodes.map((node) => [node.id, locate(node.callFrame, sourceMaps)]));
    // V8's builtins (JSON.stringify, Buffer writes, Date) count for the code that called them.
    const parent = new Map(
      profile.nodes.flatMap((node) => (node.children ?? []).map((child) => [child, node.id])),
    );
    for (const node of profile.nodes) {
      const own = located.get(node.id);
      if (own?.group !== "V8 builtins") continue;
      let caller = parent.get(node.id);
      while (caller !== undefined && located.get(caller)?.group === "V8 builtins")
        caller = parent.get(caller);
      const from = caller === undefined ? undefined : located.get(caller);
      if (from && !from.group.startsWith("(")) {
        located.set(node.id, { group: from.group, name: `${own.name} ← ${from.name}` });
      }
    }
    // Each sample stands for the time until the next one.
    for (const [i, id] of profile.samples.entries()) {
      const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
      const where = located.get(id);
      if (!where) continue;
      totalMs += ms;
      byGroup.set(where.group, (byGroup.get(where.group) ?? 0) + ms);
      const entry = byFunction.get(where.name) ?? { group: where.group, ms: 0 };
      entry.ms += ms;
      byFunction.set(where.name, entry);
    }
  }
  return {
    totalMs,
    groups: [...byGroup].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms),
    top: [...byFunction]
      .map(([name, { group, ms }]) => ({ name, group, ms }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top),
  };
}
