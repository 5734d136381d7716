/**
 * Just enough of SST's globals (`sst`, `aws`, `$app`, `$interpolate`, …) to evaluate infra/*.ts
 * without Pulumi or AWS, recording every component the modules create. Values that AWS would
 * fill in come back as readable placeholders such as "ApiFunction.arn".
 */
export interface Created {
  type: string;
  name: string;
  args: Record<string, unknown>;
}

export const created: Created[] = [];
export const declaredRoutes: { key: string; handler: unknown; args: Record<string, unknown> }[] = [];

type Anything = Record<string | symbol, unknown>;

function component(type: string, name: string, args: Record<string, unknown> = {}): Anything {
  created.push({ type, name, args });
  const methods: Anything = {
    route: (key: string, handler: unknown, routeArgs: Record<string, unknown> = {}) => {
      declaredRoutes.push({ key, handler, args: routeArgs });
      return component("ApiGatewayV2Route", key, routeArgs);
    },
    addAuthorizer: (authorizerArgs: { name: string }) =>
      component("ApiGatewayV2Authorizer", `${name}Authorizer${authorizerArgs.name}`, authorizerArgs),
    addClient: (client: string, clientArgs: Record<string, unknown>) =>
      component("CognitoUserPoolClient", client, clientArgs),
  };
  return new Proxy(methods, {
    get: (target, prop) => (prop in target ? target[prop] : `${name}.${String(prop)}`),
  });
}

const componentClass = (type: string) =>
  function (this: unknown, name: string, args?: Record<string, unknown>) {
    return component(type, name, args);
  };

const namespace = (prefix: string) =>
  new Proxy(
    {},
    {
      get: (_, member: string) =>
        member.startsWith("get")
          ? () => new Proxy({}, { get: (__, prop) => `${prefix}.${member}.${String(prop)}` })
          : componentClass(`${prefix}.${member}`),
    },
  );

export function installSstGlobals(options: { stage: string; dev: boolean }) {
  Object.assign(globalThis, {
    sst: { aws: namespace("sst.aws") },
    aws: new Proxy(
      {},
      {
        get: (_, member: string) =>
          member.startsWith("get")
            ? () => new Proxy({}, { get: (__, prop) => `aws.${member}.${String(prop)}` })
            : namespace(`aws.${member}`),
      },
    ),
    $app: { name: "promotions", stage: options.stage },
    $dev: options.dev,
    $interpolate: (strings: TemplateStringsArray, ...values: unknown[]) =>
      strings.reduce((text, part, i) => text + part + (i < values.length ? String(values[i]) : ""), ""),
    $output: <T>(value: T) => ({ apply: <R>(fn: (v: T) => R) => fn(value) }),
  });
}
