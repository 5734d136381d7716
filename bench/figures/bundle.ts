/** What Lambda loads to start each artifact: the JavaScript in its task root, as SST ships it. */
import { statSync } from "node:fs";
import { join } from "node:path";
import type { BenchArtifacts } from "../setup/artifacts";

export function bundleSizes(artifacts: BenchArtifacts) {
  return {
    api: artifacts.api.bytes,
    floor: artifacts.floor.bytes,
    hello: artifacts.hello.bytes,
    // Shipped beside the bundle but only read when /openapi.json is asked for.
    openapi: statSync(join(artifacts.api.task, "openapi.json")).size,
  };
}
