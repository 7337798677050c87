import { dynamo } from '../../src/core/dynamo';

/**
 * Counts the DynamoDB calls the process's one client makes (by command name), through an SDK
 * middleware: "what does this request cost" measured, not guessed.
 */
export class DynamoCallCounter {
  private readonly counts = new Map<string, number>();

  static attach(): DynamoCallCounter {
    const counter = new DynamoCallCounter();
    dynamo().middlewareStack.add(
      (next, context) => async (args) => {
        const operation = context.commandName!.replace(/Command$/, ''); // QueryCommand -> Query
        counter.counts.set(operation, (counter.counts.get(operation) ?? 0) + 1);
        return next(args);
      },
      { step: 'initialize', name: `count-calls-${Math.random()}` },
    );
    return counter;
  }

  /** Calls made while `work` ran, by operation (`Query`, `GetItem` is `Get`, ...). */
  async during(work: () => Promise<unknown>): Promise<{ total: number; byCommand: Record<string, number> }> {
    this.counts.clear();
    await work();
    const byCommand = Object.fromEntries(this.counts);
    return { total: Object.values(byCommand).reduce((a, b) => a + b, 0), byCommand };
  }
}
