/// <reference path="./.sst/platform/config.d.ts" />

export default $config({
  app(input) {
    const production = input?.stage === "production";
    return {
      name: "promotions",
      home: "aws",
      // Production data outlives a mistaken `sst remove`; personal stages clean up after themselves.
      removal: production ? "retain" : "remove",
      protect: production,
    };
  },
  async run() {
    // The infrastructure arrives with its own issue: infra/*.ts, one file per concern.
  },
});
