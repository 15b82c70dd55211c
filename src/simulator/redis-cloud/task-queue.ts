import { randomUUID } from "node:crypto";
import { isoNow, SimTask, TaskError, TaskWork } from "./model";

/** Task descriptions as the docs and captured answers word them. */
const DESCRIPTIONS = {
  received: "Task request received and is being queued for processing.",
  "processing-in-progress": "Task request is being processed.",
  "processing-completed": "Request processing completed successfully and its resources are now being provisioned / de-provisioned.",
  "processing-error": "Task request failed during processing. See error information for failure details.",
} as const;

export interface NewTask {
  readonly commandType: string;
  readonly work: TaskWork;
  readonly steps: number;
  readonly failure?: TaskError;
  readonly hiddenPolls: number;
}

/**
 * The account's task queue: Redis Cloud processes one task per account at a
 * time, so the others wait in `received`. Each tick moves the head one step:
 * received → processing-in-progress → (after its steps) finished.
 */
export class TaskQueue {
  readonly all = new Map<string, SimTask>();
  private waiting: SimTask[] = [];

  constructor(private readonly now: () => number) {}

  add(input: NewTask): SimTask {
    const task: SimTask = {
      taskId: randomUUID(),
      commandType: input.commandType,
      timestamp: isoNow(this.now()),
      work: input.work,
      failure: input.failure,
      status: "received",
      description: DESCRIPTIONS.received,
      stepsLeft: input.steps,
      hiddenPolls: input.hiddenPolls,
    };
    this.all.set(task.taskId, task);
    this.waiting.push(task);
    return task;
  }

  /** Advances the head; returns it once it has run all its steps, for the caller to settle. */
  tick(): SimTask | undefined {
    const head = this.waiting[0];
    if (!head) return undefined;
    if (head.status === "received") {
      head.status = "processing-in-progress";
      head.description = DESCRIPTIONS[head.status];
      return undefined;
    }
    head.stepsLeft--;
    if (head.stepsLeft > 0) return undefined;
    this.waiting.shift();
    return head;
  }

  unfinished(): SimTask[] {
    return [...this.waiting];
  }

  complete(task: SimTask, response: SimTask["response"]): void {
    task.status = "processing-completed";
    task.description = DESCRIPTIONS[task.status];
    task.response = response;
  }

  fail(task: SimTask, error: TaskError): void {
    task.status = "processing-error";
    task.description = DESCRIPTIONS[task.status];
    task.response = { error };
  }
}
