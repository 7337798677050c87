import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { CommandSyncProcessor } from '../core/sync/command-sync.processor';
import { syncApp } from './sync-app';
import { mapBundleStacks } from '../core/bundle-stacks';

mapBundleStacks(__filename);

/**
 * Stream Lambda of the command table. Returns partial batch failures for Lambda's event source
 * mapping. serverless-offline's stream plugin ignores that answer and retries only a thrown
 * error, so locally (`SYNC_RETRY_BY_THROWING=true`) a batch with failures throws instead;
 * the retry re-delivers records that were applied already, which the sync ignores.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const processor = (await syncApp()).get(CommandSyncProcessor);
  const response = await processor.handleBatch(event);
  if (process.env.SYNC_RETRY_BY_THROWING === 'true' && response.batchItemFailures.length > 0) {
    throw new Error(`${response.batchItemFailures.length} of ${event.Records.length} records failed; retrying the batch`);
  }
  return response;
};
