import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WorkerModule } from '../app/worker.module';
import { logger } from '../core/logger';

/** The worker module graph (no HTTP), for stream and schedule Lambdas; built once per container. */
let context: Promise<INestApplicationContext> | undefined;

export function syncApp(): Promise<INestApplicationContext> {
  context ??= buildContext();
  return context;
}

/** Its build time is logged once per container (cold starts). */
async function buildContext(): Promise<INestApplicationContext> {
  const started = performance.now();
  const built = await NestFactory.createApplicationContext(WorkerModule, {
    logger: { log: () => undefined, warn: (m) => logger.warn(String(m)), error: (m) => logger.error(String(m)) },
  });
  logger.info('worker app built', { appBuildMs: Math.round(performance.now() - started) });
  return built;
}
