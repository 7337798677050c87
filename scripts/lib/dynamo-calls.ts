import { performance } from 'node:perf_hooks';
import { dynamo } from '../../src/core/dynamo';

export interface CallCount {
  total: number;
  /** By operation: `Query`, `PutItem`, `TransactWriteItems`, ... */
  byCommand: Record<string, number>;
  /** Actions inside all TransactWriteItems calls. */
  transactItems: number;
  /** Items DynamoDB looked at for reads: a GetItem's item, a Query's scanned items, a BatchGetItem's items. */
  itemsRead: number;
  /**
   * Sequential round trips: the longest chain of calls each started after the one before it
   * ended. Calls that overlap in time (sent together, `Promise.all`) are one round trip.
   */
  roundTrips: number;
}

/** When one call was sent and answered (performance.now(), ms). */
interface Span {
  start: number;
  end: number;
}

/**
 * Counts the DynamoDB calls the process's one client makes, through an SDK middleware: "what
 * does this cost" measured, not guessed, and the same on every run (unlike timings). Shared by
 * the tests (cost budgets) and the bench (calls per sale). Round trips come from when each call
 * started and ended, but only their order matters: calls sent in the same tick all start before
 * any answer can arrive, and a call sent after an answer starts after it.
 */
export class DynamoCallCounter {
  private readonly counts = new Map<string, number>();
  private transactItems = 0;
  private itemsRead = 0;
  private spans: Span[] = [];
  private active = true;

  static attach(): DynamoCallCounter {
    const counter = new DynamoCallCounter();
    dynamo().middlewareStack.add(
      (next, context) => async (args) => {
        if (!counter.active) return next(args);
        const operation = context.commandName!.replace(/Command$/, ''); // QueryCommand -> Query
        counter.counts.set(operation, (counter.counts.get(operation) ?? 0) + 1);
        counter.transactItems += (args.input as { TransactItems?: unknown[] }).TransactItems?.length ?? 0;
        const span = { start: performance.now(), end: Number.POSITIVE_INFINITY };
        counter.spans.push(span);
        try {
          const result = await next(args);
          counter.itemsRead += itemsIn(result.output as ReadOutput);
          return result;
        } finally {
          span.end = performance.now();
        }
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
    this.itemsRead = 0;
    this.spans = [];
    const result = await work();
    const byCommand = Object.fromEntries(this.counts);
    const count: CallCount = {
      total: Object.values(byCommand).reduce((a, b) => a + b, 0),
      byCommand,
      transactItems: this.transactItems,
      itemsRead: this.itemsRead,
      roundTrips: longestChain(this.spans),
    };
    return { ...result, calls: count.total, transactItems: count.transactItems, count };
  }

  stop(): void {
    this.active = false;
  }
}

type ReadOutput = { Item?: unknown; ScannedCount?: number; Count?: number; Responses?: Record<string, unknown[]> | unknown[] } | undefined;

function itemsIn(output: ReadOutput): number {
  if (!output) return 0;
  if (output.Item) return 1;
  if (typeof output.ScannedCount === 'number') return output.ScannedCount;
  if (typeof output.Count === 'number') return output.Count;
  if (Array.isArray(output.Responses)) return output.Responses.length; // TransactGetItems
  if (output.Responses) return Object.values(output.Responses).reduce((sum, items) => sum + items.length, 0); // BatchGetItem
  return 0;
}

/**
 * The most calls that ran strictly one after another: the classic greedy (earliest end first)
 * finds the longest chain of non-overlapping spans.
 */
export function longestChain(spans: readonly Span[]): number {
  let chain = 0;
  let free = Number.NEGATIVE_INFINITY;
  for (const span of [...spans].sort((a, b) => a.end - b.end)) {
    if (span.start >= free) {
      chain++;
      free = span.end;
    }
  }
  return chain;
}
