/**
 * What a stage costs per month before any traffic, read off its evaluated graph. Prices are
 * us-east-1 list prices — the ones SST's component docs quote (postgres.ts, vpc.ts), completed
 * from AWS's price lists; eu-west-1, this app's region, is about 10% dearer. Traffic-priced
 * services (Lambda, API Gateway, CloudFront, S3, CloudWatch Logs, Cognito's first 10,000 monthly
 * users) cost nothing at idle.
 *
 * Every resource type must be known here: a new kind of resource fails the cost test until it is
 * priced or listed as free at idle, so a stage cannot grow a bill unnoticed.
 */
import type { Graph } from "./graph";
import type { RecordedResource } from "./sst";

const hoursPerMonth = 730;

/** RDS for PostgreSQL, Single-AZ on-demand, per hour (Multi-AZ: twice). */
const rdsInstance: Record<string, { hourly: number; vcpus: number }> = {
  "db.t4g.micro": { hourly: 0.016, vcpus: 2 },
  "db.t4g.small": { hourly: 0.032, vcpus: 2 },
  "db.t4g.medium": { hourly: 0.065, vcpus: 2 },
};
/** gp3 storage per GB-month (Multi-AZ: twice). */
const gp3 = 0.115;
/** RDS Proxy per vCPU-hour of the instance behind it. */
const rdsProxy = 0.015;
const ec2Instance: Record<string, number> = { "t4g.nano": 0.0042 };
const publicIpv4 = 0.005;
const natGateway = 0.045;
const secret = 0.4;
/** A Cloud Map private DNS namespace is a Route 53 private hosted zone. */
const hostedZone = 0.5;

/** Types that cost nothing while idle (free, or priced by requests, bytes or users only). */
const freeAtIdle = new Set([
  "aws:apigatewayv2/api:Api",
  "aws:apigatewayv2/authorizer:Authorizer",
  "aws:apigatewayv2/integration:Integration",
  "aws:apigatewayv2/route:Route",
  "aws:apigatewayv2/stage:Stage",
  "aws:cloudfront/cachePolicy:CachePolicy",
  "aws:cloudfront/distribution:Distribution",
  "aws:cloudfront/function:Function",
  "aws:cloudfront/keyValueStore:KeyValueStore",
  "aws:cloudwatch/logGroup:LogGroup",
  "aws:cognito/resourceServer:ResourceServer",
  "aws:cognito/userGroup:UserGroup",
  "aws:cognito/userPool:UserPool",
  "aws:cognito/userPoolClient:UserPoolClient",
  "aws:cognito/userPoolDomain:UserPoolDomain",
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
  "aws:ec2/internetGateway:InternetGateway",
  "aws:ec2/keyPair:KeyPair",
  "aws:ec2/routeTable:RouteTable",
  "aws:ec2/routeTableAssociation:RouteTableAssociation",
  "aws:ec2/securityGroup:SecurityGroup",
  "aws:ec2/subnet:Subnet",
  "aws:ec2/vpc:Vpc",
  "aws:iam/instanceProfile:InstanceProfile",
  "aws:iam/role:Role",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  "aws:lambda/function:Function",
  "aws:lambda/invocation:Invocation",
  "aws:lambda/permission:Permission",
  "aws:rds/parameterGroup:ParameterGroup",
  "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup",
  "aws:rds/proxyTarget:ProxyTarget",
  "aws:rds/subnetGroup:SubnetGroup",
  "aws:s3/bucket:Bucket",
  "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration",
  "aws:s3/bucketObjectv2:BucketObjectv2",
  "aws:s3/bucketPolicy:BucketPolicy",
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  "aws:secretsmanager/secretVersion:SecretVersion",
  // Standard-tier parameters (the bastion's SSH key) are free.
  "aws:ssm/parameter:Parameter",
  "command:local:Command",
  "pulumi-nodejs:dynamic:Resource",
  "pulumi:pulumi:Stack",
  "random:index/randomBytes:RandomBytes",
  "random:index/randomPassword:RandomPassword",
  "tls:index/privateKey:PrivateKey",
]);

export interface CostItem {
  resource: string;
  monthly: number;
  what: string;
}

const monthly = (hourly: number) => hourly * hoursPerMonth;

function price(graph: Graph, resource: RecordedResource): CostItem | undefined {
  const inputs = resource.inputs;
  const item = (value: number, what: string) => ({ resource: resource.name, monthly: value, what });
  switch (resource.type) {
    case "aws:rds/instance:Instance": {
      const instance = rdsInstance[String(inputs.instanceClass)];
      if (!instance) throw new Error(`No price for RDS ${String(inputs.instanceClass)}`);
      const copies = inputs.multiAz ? 2 : 1;
      const storage = Number(inputs.allocatedStorage);
      return item(
        copies * (monthly(instance.hourly) + storage * gp3),
        `${String(inputs.instanceClass)}${copies > 1 ? " Multi-AZ" : ""}, ${storage} GB gp3`,
      );
    }
    case "aws:rds/proxy:Proxy": {
      const classes = graph.ofType("aws:rds/instance:Instance").map((db) => String(db.inputs.instanceClass));
      const vcpus = classes.reduce((sum, name) => sum + (rdsInstance[name]?.vcpus ?? 0), 0);
      return item(monthly(vcpus * rdsProxy), `RDS Proxy, ${vcpus} vCPUs`);
    }
    case "aws:ec2/instance:Instance": {
      const hourly = ec2Instance[String(inputs.instanceType)];
      if (hourly === undefined) throw new Error(`No price for EC2 ${String(inputs.instanceType)}`);
      const subnet = graph.referenced(inputs.subnetId);
      const publicAddress = Boolean(inputs.associatePublicIpAddress ?? subnet?.inputs.mapPublicIpOnLaunch);
      return item(
        monthly(hourly + (publicAddress ? publicIpv4 : 0)),
        `EC2 ${String(inputs.instanceType)}${publicAddress ? " + public IPv4" : ""}`,
      );
    }
    case "aws:ec2/natGateway:NatGateway":
      return item(monthly(natGateway), "NAT gateway");
    case "aws:ec2/eip:Eip":
      return item(monthly(publicIpv4), "public IPv4");
    case "aws:secretsmanager/secret:Secret":
      return item(secret, "Secrets Manager secret");
    case "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace":
      return item(hostedZone, "Cloud Map namespace (private hosted zone)");
    default:
      if (resource.custom && !freeAtIdle.has(resource.type)) {
        throw new Error(`Resource type ${resource.type} (${resource.name}) is not in the cost model`);
      }
      return undefined;
  }
}

/** The stage's idle cost per month: each priced resource, and the total in dollars. */
export function idleMonthlyCost(graph: Graph): { items: CostItem[]; total: number } {
  const items = graph.resources.flatMap((resource) => price(graph, resource) ?? []);
  const total = Math.round(items.reduce((sum, entry) => sum + entry.monthly, 0) * 100) / 100;
  return { items, total };
}
