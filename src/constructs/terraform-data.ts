import { TerraformResource, TerraformResourceConfig } from "cdktf";
import { Construct } from "constructs";

export interface TerraformDataFields {
  /** The value stored in state and shown by `terraform plan` (the spec, as JSON), made at synth: a rollout may order the pin after it was made. */
  readonly input: () => string;
  /** A change to it replaces the resource, and so runs the provisioners again. */
  readonly triggersReplace: string;
}

/**
 * Terraform's built-in `terraform_data`, carrying only what a pin writes.
 * cdktf's DataResource also builds a computed `output` map (which captures a
 * stack trace per resource) and a validation that runs `terraform version`
 * at synth; a pin needs neither, and with a thousand pins they were most of
 * the synth time beyond a bare local-exec.
 */
export class TerraformData extends TerraformResource {
  constructor(
    scope: Construct,
    id: string,
    private readonly fields: TerraformDataFields,
    meta: Omit<TerraformResourceConfig, "terraformResourceType" | "terraformGeneratorMetadata">,
  ) {
    super(scope, id, { ...meta, terraformResourceType: "terraform_data", terraformGeneratorMetadata: { providerName: "terraform" } });
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { input: this.fields.input(), triggers_replace: this.fields.triggersReplace };
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    const simple = (value: string) => ({ value, isBlock: false, type: "simple", storageClassType: "string" });
    return { input: simple(this.fields.input()), triggers_replace: simple(this.fields.triggersReplace) };
  }
}
