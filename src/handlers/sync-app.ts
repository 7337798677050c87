import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { logger } from '../core/logger';

/** The module graph without HTTP, for stream and schedule Lambdas; built once per container. */
let context: Promise<INestApplicationContext> | undefined;

export function syncApp(): Promise<INestApplicationContext> {
  context ??= NestFactory.createApplicationContext(AppModule, {
    logger: { log: () => undefined, warn: (m) => logger.warn(String(m)), error: (m) => logger.error(String(m)) },
  });
  return context;
}
