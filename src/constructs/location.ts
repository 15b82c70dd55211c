import { Construct } from "constructs";

/** "RedisSoftwareDatabaseVersion at app/stack/orders": how every synth error names the user's construct. */
export function pinLocation(construct: Construct): string {
  return `${construct.constructor.name} at ${construct.node.path}`;
}
