import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { applyBatch } from '../app/projection.feed';
import { readModel } from '../read-model/read-model';
import { mapBundleStacks } from '../core/bundle-stacks';

mapBundleStacks(__filename);

/**
 * Stream Lambda of the read model: its own consumer of the command table's stream (and of the
 * data table's, for stock), so a read model that is down or slow never delays the order path.
 * No Nest here: the projections are classes made with `new` (declared with `@Projects`), the
 * mails notification's subscribers wired by hand (`subscribersWithoutNest`). Returns
 * partial batch failures (a record past its tries is set aside instead: `ProjectionFailures`);
 * locally (`SYNC_RETRY_BY_THROWING=true`) it throws instead, as the command sync does, because
 * serverless-offline's stream plugin only retries thrown errors.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const response = await applyBatch(await readModel(), event);
  if (process.env.SYNC_RETRY_BY_THROWING === 'true' && response.batchItemFailures.length > 0) {
    throw new Error(`${response.batchItemFailures.length} of ${event.Records.length} read-model records failed; retrying the batch`);
  }
  return response;
};
