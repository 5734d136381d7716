/** Which package a source file belongs to, in the groups the profile and the bundle report use. */
const groups: [RegExp, string][] = [
  [/(^|\/)node_modules\/drizzle-orm\//, "drizzle"],
  // drizzle-orm's own source maps point at its repository's src/, one level above the package.
  [/(^|\/)node_modules\/src\//, "drizzle"],
  [/(^|\/)node_modules\/postgres\//, "postgres"],
  [/(^|\/)node_modules\/hono\//, "hono"],
  [/(^|\/)node_modules\/(zod|@zod)\//, "zod"],
  [/(^|\/)node_modules\/@middy\//, "middy"],
  [/(^|\/)node_modules\/sst\//, "sst"],
  [/(^|\/)packages\/core\//, "app: core"],
  [/(^|\/)packages\/functions\//, "app: functions"],
  [/(^|\/)bench\/floor\//, "floor code"],
  [/(^|\/)bench\//, "bench runtime"],
];

export function packageOf(source: string): string {
  for (const [pattern, group] of groups) if (pattern.test(source)) return group;
  const scoped = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source);
  return scoped ? (scoped[1] as string) : source.startsWith("node:") ? "node internals" : "other";
}
