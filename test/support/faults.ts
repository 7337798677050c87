import { ProvisionedThroughputExceededException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { dynamo } from '../../src/core/dynamo';

/**
 * What real DynamoDB does to a hot item and DynamoDB Local never does: cancel a transaction for
 * a conflicting one in flight (TransactionConflict) and throttle. An SDK middleware below the
 * SDK's own retries fails chosen calls, deterministically (every `every`-th matching call).
 */
export interface InjectedFaults {
  conflicts: number;
  throttles: number;
  stop(): void;
}

export function injectHotItemFaults(options: { touching: string; conflictEvery: number; throttleEvery: number }): InjectedFaults {
  let matching = 0;
  let active = true;
  const faults: InjectedFaults = { conflicts: 0, throttles: 0, stop: () => void (active = false) };
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { TransactItems?: unknown[] };
      const touchesHotItem = context.commandName === 'TransactWriteItemsCommand' && JSON.stringify(input.TransactItems ?? []).includes(options.touching);
      if (active && touchesHotItem) {
        matching++;
        if (matching % options.throttleEvery === 0) {
          faults.throttles++;
          throw new ProvisionedThroughputExceededException({ message: 'injected: throughput exceeded', $metadata: { httpStatusCode: 400 } });
        }
        if (matching % options.conflictEvery === 0) {
          faults.conflicts++;
          throw new TransactionCanceledException({
            message: 'injected: transaction conflict',
            $metadata: { httpStatusCode: 400 },
            CancellationReasons: (input.TransactItems ?? []).map(() => ({ Code: 'TransactionConflict' })),
          });
        }
      }
      return next(args);
    },
    // Below the retry middleware (finalizeRequest), as a service error would arrive.
    { step: 'deserialize', name: `hot-item-faults-${Math.random()}` },
  );
  return faults;
}
