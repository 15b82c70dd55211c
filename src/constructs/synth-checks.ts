import { AnnotationMetadataEntryType, TerraformElement, TerraformStack } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { printAloneIfUncaught } from "./uncaught";

/**
 * What is wrong with a construct of this library, found when the app is
 * synthesized, so that one synth lists every problem of every pin of the app
 * instead of stopping at the first. Checks are kept on the construct under a
 * shared symbol, so a pin of another copy of this library (cdktf and cdktn
 * entries, or two installs) is reported by whichever copy reports first.
 */
const CHECKS = Symbol.for("cdktf-redis-version.synth-checks");
const WATCHED = Symbol.for("cdktf-redis-version.synth-checks-watched");
const REPORTED = Symbol.for("cdktf-redis-version.synth-checks-reported");

type Check = () => string[];

interface Checked {
  [CHECKS]?: Check[];
  [WATCHED]?: true;
  [REPORTED]?: true;
}

interface Problem {
  readonly construct: IConstruct;
  readonly message: string;
}

/** `check` answers at synth, one line per problem of `construct`, which the report names by its path. */
export function addSynthCheck(construct: IConstruct, check: Check): void {
  const holder = construct as Checked;
  (holder[CHECKS] ??= []).push(check);
  const stack = stackOf(construct);
  if (stack) watch(stack);
  else watchApp(construct.node.root);
}

function stackOf(construct: IConstruct): TerraformStack | undefined {
  for (let scope: IConstruct | undefined = construct; scope; scope = scope.node.scope) {
    if (TerraformStack.isStack(scope)) return scope;
  }
  return undefined;
}

/**
 * A pin whose props are invalid makes no resource, and one whose order is
 * in doubt must not be applied. Synthesizing its stack without validations
 * (cdktf's `Testing.synth`, an app with `skipValidation`) must still fail
 * rather than leave it out or unordered: this element reports when its stack
 * is turned into Terraform, which `app.synth()` also does first of all.
 */
export function failSynthOf(construct: Construct): void {
  if (!construct.node.tryFindChild(UNSYNTHESIZABLE)) new Unsynthesizable(construct, UNSYNTHESIZABLE);
}

const UNSYNTHESIZABLE = "invalid";

class Unsynthesizable extends TerraformElement {
  toTerraform(): Record<string, unknown> {
    reportProblems(this.node.root);
    return {};
  }

  toHclTerraform(): Record<string, unknown> {
    return this.toTerraform();
  }
}

/**
 * cdktf validates each stack before writing it. The first stack validated
 * reports for the whole app, before anything of it is written (cdktf's own
 * list would stop at that stack and print a stack trace with it); each later
 * one checks its own pins again, which its Aspects may have changed since.
 */
function watch(stack: TerraformStack): void {
  const holder = stack as Checked;
  if (holder[WATCHED]) return;
  holder[WATCHED] = true;
  stack.node.addValidation({
    validate: () => {
      const root = stack.node.root as Checked;
      const first = !root[REPORTED];
      if (cliPrintsAnnotations()) annotate([...problemsUnder(stack), ...(first ? outsideStacks(stack.node.root, stack) : [])]);
      else reportProblems(first ? stack.node.root : stack);
      root[REPORTED] = true;
      return [];
    },
  });
}

/**
 * A construct outside every stack (a RedisVersionRollout on the app) is
 * reported by the first stack validated; cdktf-cli prints annotations by
 * stack, so there its problems are annotated on that stack, naming it. If no
 * stack holds a check, the app's own validation, which cdktf runs after the
 * stacks, reports them.
 */
function outsideStacks(root: IConstruct, stack: TerraformStack): Problem[] {
  return problemsUnder(root)
    .filter(({ construct }) => stackOf(construct) === undefined)
    .map(({ construct, message }) => ({ construct: stack, message: `${construct.node.path}: ${message}` }));
}

function watchApp(root: IConstruct): void {
  const holder = root as Checked;
  if (holder[WATCHED]) return;
  holder[WATCHED] = true;
  root.node.addValidation({
    validate: () => {
      if (holder[REPORTED]) return [];
      if (cliPrintsAnnotations()) return problemsUnder(root).map(({ construct, message }) => `[${construct.node.path}] ${message}`);
      reportProblems(root);
      return [];
    },
  });
}

/**
 * cdktf-cli sets this variable so that synth goes on past error annotations
 * and the CLI prints them itself, once each with their construct path,
 * across all stacks (cdktf's StackSynthesizer). Problems are then handed
 * over as annotations, without the stack trace Annotations would capture.
 */
function cliPrintsAnnotations(): boolean {
  return process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS !== undefined;
}

function annotate(problems: readonly Problem[]): void {
  for (const { construct, message } of problems) {
    const known = construct.node.metadata.some((entry) => entry.type === AnnotationMetadataEntryType.ERROR && entry.data === message);
    if (!known) construct.node.addMetadata(AnnotationMetadataEntryType.ERROR, message);
  }
}

/** Throws one error listing every problem under `scope`, unless the CLI prints them from annotations. */
function reportProblems(scope: IConstruct): void {
  if (cliPrintsAnnotations()) return;
  const problems = problemsUnder(scope);
  if (problems.length === 0) return;
  const error = new InvalidPinsError(problems);
  printAloneIfUncaught(error);
  throw error;
}

function problemsUnder(scope: IConstruct): Problem[] {
  return scope.node
    .findAll()
    .flatMap((construct) => ((construct as Checked)[CHECKS] ?? []).flatMap((check) => check().map((message) => ({ construct, message }))));
}

/** Every problem of the app's version pins, one line each: `[construct path] what is wrong and what to do`. */
class InvalidPinsError extends Error {
  constructor(problems: readonly Problem[]) {
    const lines = problems.map(({ construct, message }) => `  [${construct.node.path}] ${message.split("\n").join("\n    ")}`);
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    super(`cdktf-redis-version: synth stopped, ${count} in the app's version pins:\n${lines.join("\n")}`);
    this.name = "InvalidPinsError";
  }
}
