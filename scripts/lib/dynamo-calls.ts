import { dynamo } from '../../src/core/dynamo';

export interface CallCount {
  total: number;
  /** By operation: `Query`, `PutItem`, `TransactWriteItems`, ... */
  byCommand: Record<string, number>;
  /** Actions inside all TransactWriteItems calls. */
  transactItems: number;
}

/**
 * Counts the DynamoDB calls the process's one client makes, through an SDK middleware: "what
 * does this cost" measured, not guessed, and the same on every run (unlike timings). Shared by
 * the tests (cost budgets) and the bench (calls per sale).
 */
export class DynamoCallCounter {
  private readonly counts = new Map<string, number>();
  private transactItems = 0;
  private active = true;

  static attach(): DynamoCallCounter {
    const counter = new DynamoCallCounter();
    dynamo().middlewareStack.add(
      (next, context) => async (args) => {
        if (counter.active) {
          const operation = context.commandName!.replace(/Command$/, ''); // QueryCommand -> Query
          counter.counts.set(operation, (counter.counts.get(operation) ?? 0) + 1);
          counter.transactItems += (args.input as { TransactItems?: unknown[] }).TransactItems?.length ?? 0;
        }
        return next(args);
      },
      { step: 'initialize', name: `count-calls-${Math.random()}` },
    );
    return counter;
  }

  /** Calls made while `work` ran. */
  async during(work: () => Promise<unknown>): Promise<CallCount> {
    return (await this.measure(async () => ({ done: await work() }))).count;
  }

  /** What `work` returned, with the calls made while it ran. */
  async measure<T extends object>(work: () => Promise<T>): Promise<T & { calls: number; transactItems: number; count: CallCount }> {
    this.counts.clear();
    this.transactItems = 0;
    const result = await work();
    const byCommand = Object.fromEntries(this.counts);
    const count: CallCount = { total: Object.values(byCommand).reduce((a, b) => a + b, 0), byCommand, transactItems: this.transactItems };
    return { ...result, calls: count.total, transactItems: count.transactItems, count };
  }

  stop(): void {
    this.active = false;
  }
}
