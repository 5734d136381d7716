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
      providers: { aws: { region: "eu-west-1" } },
    };
  },
  async run() {
    const { userPool, webClient, issuerUrl } = await import("./infra/auth");
    const { api } = await import("./infra/api");
    const { site } = await import("./infra/web");
    await import("./infra/database");
    return {
      api: api.url,
      site: site.url,
      issuer: issuerUrl,
      userPoolId: userPool.id,
      webClientId: webClient.id,
    };
  },
});
