/**
 * Reading an evaluated SST graph the way AWS would see it: resources by type, the component a
 * resource belongs to, what references what (by id or ARN), and which subnets have a way out.
 */
import type { Evaluation, RecordedResource } from "./sst";

export class Graph {
  readonly resources: RecordedResource[];
  private readonly byUrn: Map<string, RecordedResource>;

  constructor(readonly evaluation: Evaluation) {
    this.resources = evaluation.resources;
    this.byUrn = new Map(this.resources.map((resource) => [resource.urn, resource]));
  }

  ofType(type: string): RecordedResource[] {
    return this.resources.filter((resource) => resource.type === type);
  }

  /** The one resource of `type` named `name`; throws unless exactly one exists. */
  one(type: string, name?: string): RecordedResource {
    const found = this.ofType(type).filter((resource) => name === undefined || resource.name === name);
    if (found.length !== 1) throw new Error(`${found.length} resources of ${type} ${name ?? ""}`);
    return found[0] as RecordedResource;
  }

  /** The top-level component (`sst.aws.Function("ApiFunction")`, …) a resource was created in. */
  component(resource: RecordedResource): RecordedResource {
    let current = resource;
    for (;;) {
      const parent = this.byUrn.get(current.parent);
      if (!parent || parent.type === "pulumi:pulumi:Stack") return current;
      current = parent;
    }
  }

  /** The resource whose id or ARN is `value` (how AWS resources point at one another). */
  referenced(value: unknown): RecordedResource | undefined {
    return this.resources.find(
      (resource) => resource.custom && (resource.id === value || resource.state.arn === value),
    );
  }

  /**
   * Whether code in this subnet can reach the internet: its route table sends 0.0.0.0/0 to a NAT
   * gateway or a NAT instance. An internet gateway route is not enough for Lambda, whose network
   * interfaces get no public address.
   */
  hasWayOut(subnetId: string): boolean {
    const tables = this.ofType("aws:ec2/routeTableAssociation:RouteTableAssociation")
      .filter((association) => association.inputs.subnetId === subnetId)
      .map((association) => association.inputs.routeTableId);
    const routes: Record<string, unknown>[] = [
      ...this.ofType("aws:ec2/routeTable:RouteTable")
        .filter((table) => tables.includes(table.id))
        .flatMap((table) => (table.inputs.routes as Record<string, unknown>[] | undefined) ?? []),
      ...this.ofType("aws:ec2/route:Route")
        .filter((route) => tables.includes(route.inputs.routeTableId))
        .map((route) => ({ ...route.inputs, cidrBlock: route.inputs.destinationCidrBlock })),
    ];
    return routes.some(
      (route) => route.cidrBlock === "0.0.0.0/0" && Boolean(route.natGatewayId || route.networkInterfaceId),
    );
  }
}
