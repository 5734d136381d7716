/// <reference path="./.sst/platform/config.d.ts" />

export default $config({
  app(input) {
    const production = input?.stage === "production";
    return {
      name: "promotions",
      home: "aws",
      // Production data outlives a mistaken `sst remove`, and `protect` refuses the removal
      // outright; every other stage cleans up after itself.
      removal: production ? "retain" : "remove",
      protect: production,
      providers: { aws: { region: "eu-west-1" } },
    };
  },
  async run() {
    // sst.config.ts may not import at the top (SST evaluates app() without the app's imports).
    const { functionDefaults } = await import("./infra/lambda/function-defaults");
    const { logRetention } = await import("./infra/stage");

    // Every function's defaults, set once (as anomalyco/console does), before the infra modules
    // create their functions. A function may override any of them; its `nodejs` options are
    // merged over the defaults (adding `install` keeps minify and the plugins), its `logging`
    // replaces the default retention.
    const { nodejs } = functionDefaults;
    $transform(sst.aws.Function, (args) => {
      args.runtime ??= functionDefaults.runtime;
      args.architecture ??= functionDefaults.architecture;
      args.nodejs = $output(args.nodejs).apply((own) => ({
        ...nodejs,
        ...own,
        esbuild: { ...nodejs.esbuild, mainFields: [...nodejs.esbuild.mainFields], ...own?.esbuild },
      }));
      args.logging ??= { retention: logRetention($app.stage) };
    });

    const { userPool, webClient, issuerUrl } = await import("./infra/auth");
    const { api } = await import("./infra/api");
    const { site } = await import("./infra/web");
    return {
      api: api.url,
      site: site.url,
      issuer: issuerUrl,
      userPoolId: userPool.id,
      webClientId: webClient.id,
    };
  },
});
