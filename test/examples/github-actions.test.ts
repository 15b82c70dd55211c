import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { parsePlanArgs, PLAN_COMMENT_MARKER } from "../../src/cli/plan";
import {
  DEFAULT_CLOUD_ACCESS_KEY_ENV,
  DEFAULT_CLOUD_SECRET_KEY_ENV,
  DEFAULT_SOFTWARE_PASSWORD_ENV,
  DEFAULT_SOFTWARE_USERNAME_ENV,
} from "../../src/spec";

interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}

interface Job {
  readonly if?: string;
  readonly permissions?: Record<string, string>;
  readonly env?: Record<string, string>;
  readonly concurrency?: { group: string; "cancel-in-progress": boolean };
  readonly steps: Step[];
}

const file = path.join(__dirname, "../../examples/github-actions/redis-version.yml");
const workflow = parse(fs.readFileSync(file, "utf8")) as { on: Record<string, any>; jobs: Record<string, Job> };
const { plan, deploy } = workflow.jobs;

const CREDENTIALS = [DEFAULT_SOFTWARE_USERNAME_ENV, DEFAULT_SOFTWARE_PASSWORD_ENV, DEFAULT_CLOUD_ACCESS_KEY_ENV, DEFAULT_CLOUD_SECRET_KEY_ENV];

function stepIndex(job: Job, match: (step: Step) => boolean, what: string): number {
  const index = job.steps.findIndex(match);
  if (index < 0) throw new Error(`no step ${what}`);
  return index;
}

const runs = (command: string) => (step: Step) => step.run?.includes(command) ?? false;
const isPlan = runs("npx redis-version plan");
const isComment = (step: Step) => step.uses?.startsWith("actions/github-script@") ?? false;
/** The shell line of the plan step that runs the command. */
const planLine = () => plan.steps.find(isPlan)!.run!.split("\n").find((line) => line.includes("redis-version plan"))!.trim();

describe("examples/github-actions/redis-version.yml", () => {
  it("plans on pull requests and deploys on pushes to main", () => {
    expect(workflow.on).toHaveProperty("pull_request");
    expect(workflow.on.push.branches).toEqual(["main"]);
    expect(plan.if).toBe("github.event_name == 'pull_request'");
    expect(deploy.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
  });

  it("gives both jobs the credentials from secrets, under the variable names the pins read by default", () => {
    for (const job of [plan, deploy]) {
      expect(job.env).toEqual(Object.fromEntries(CREDENTIALS.map((name) => [name, `\${{ secrets.${name} }}`])));
    }
  });

  it("installs, synthesizes, then writes the markdown plan to plan.md", () => {
    const install = stepIndex(plan, (step) => step.run === "npm ci", "npm ci");
    const synth = stepIndex(plan, (step) => step.run === "npx cdktf synth", "cdktf synth");
    const planning = stepIndex(plan, isPlan, "redis-version plan");
    expect(install).toBeLessThan(synth);
    expect(synth).toBeLessThan(planning);
    expect(planLine()).toBe("npx redis-version plan --format markdown > plan.md");
  });

  it("passes the plan command only options it accepts", () => {
    const args = planLine().replace(/^.*redis-version plan/, "").replace(/>.*$/, "").trim().split(/\s+/);
    expect(parsePlanArgs(args)).toEqual({ kind: "run", options: expect.objectContaining({ format: "markdown" }) });
  });

  it("comments plan.md on the pull request, updating its own previous comment, with write access to pull requests only", () => {
    const comment = plan.steps[stepIndex(plan, isComment, "github-script")];
    const script = String(comment.with?.script);
    expect(script).toContain('readFileSync("plan.md"');
    expect(script).toContain(`const marker = "${PLAN_COMMENT_MARKER}"`);
    expect(script).toMatch(/updateComment[\s\S]*createComment/);
    expect(plan.permissions).toEqual({ contents: "read", "pull-requests": "write" });
  });

  it("still comments when the plan finds a refusal, then fails the job", () => {
    const planning = stepIndex(plan, isPlan, "redis-version plan");
    const comment = stepIndex(plan, isComment, "github-script");
    const fail = stepIndex(plan, (step) => step.if?.includes("steps.plan.outputs.exit-code") ?? false, "that fails on the plan's exit code");
    expect(plan.steps[planning].id).toBe("plan");
    expect(plan.steps[planning].run).toMatch(/^set \+e\n/);
    expect(plan.steps[planning].run).toContain('echo "exit-code=$?" >> "$GITHUB_OUTPUT"');
    expect(planning).toBeLessThan(comment);
    expect(comment).toBeLessThan(fail);
    expect(plan.steps[fail].run).toMatch(/exit 1\s*$/);
  });

  it("deploys every stack with auto-approve, with terraform installed, one run at a time and never cancelled", () => {
    const terraform = stepIndex(deploy, (step) => step.uses?.startsWith("hashicorp/setup-terraform@") ?? false, "setup-terraform");
    const install = stepIndex(deploy, (step) => step.run === "npm ci", "npm ci");
    const apply = stepIndex(deploy, runs("npx cdktf deploy"), "cdktf deploy");
    expect(deploy.steps[apply].run).toMatch(/--auto-approve/);
    expect(Math.max(terraform, install)).toBeLessThan(apply);
    expect(deploy.concurrency).toEqual({ group: "redis-version-deploy", "cancel-in-progress": false });
  });
});
