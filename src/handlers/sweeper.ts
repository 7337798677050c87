import { logger } from '../core/logger';
import { TenantSweepRunner } from '../modules/tenant/tenant-sweep.runner';
import { syncApp } from './sync-app';

/** Schedule Lambda (EventBridge rate): runs every registered sweep for every enabled tenant. */
export const handler = async (): Promise<{ tenants: number; failures: number }> => {
  const result = await (await syncApp()).get(TenantSweepRunner).runAll();
  logger.info('sweep done', result);
  return result;
};
