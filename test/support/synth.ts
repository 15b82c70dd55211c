import { Testing } from "cdktf";
import { Construct } from "constructs";

/** Synthesizes what `build` adds to a test scope and returns the parsed cdk.tf.json. */
export function synthJson(build: (scope: Construct) => void): Record<string, any> {
  return JSON.parse(Testing.synthScope(build));
}

export function pinOf(json: Record<string, any>): any {
  return Object.values(json.resource.terraform_data)[0];
}

/** The spec the handler gets: its environment names the pin's input, which holds the spec once. */
export function specOf(json: Record<string, any>): any {
  return handlerSpecOf(pinOf(json));
}

export function handlerSpecOf(resource: any): any {
  expect(resource.provisioner[0]["local-exec"].environment).toEqual({ REDIS_VERSION_SPEC: "${self.input}" });
  return JSON.parse(resource.input);
}

/** triggers_replace is JSON text, which `terraform plan` shows as jsonencode({...}) with a diff per field. */
export function triggersOf(json: Record<string, any>): any {
  return JSON.parse(pinOf(json).triggers_replace);
}

export function errorOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("synth succeeded where it should have failed");
}
