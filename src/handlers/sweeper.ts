import type { ScheduledEvent } from 'aws-lambda';
import { logger } from '../core/logger';
import { TenantSweepRunner } from '../modules/tenant';
import { syncApp } from './sync-app';
import { mapBundleStacks } from '../core/bundle-stacks';

mapBundleStacks(__filename);

/**
 * Schedule Lambda (EventBridge rate): runs every registered sweep for every enabled tenant,
 * as of the event's time (so a late or replayed invocation judges by when it was due).
 */
export const handler = async (event?: Partial<ScheduledEvent>): Promise<{ tenants: number; failures: number }> => {
  const now = event?.time ? new Date(event.time) : new Date();
  const result = await (await syncApp()).get(TenantSweepRunner).runAll(now);
  logger.info('sweep done', { ...result, at: now.toISOString() });
  return result;
};
