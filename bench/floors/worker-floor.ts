/**
 * The cold-start bench's reference for the stream function: a Nest application context with
 * one provider and the DynamoDB document client loaded, bundled with the workers' own esbuild
 * settings. The stream's init is printed as a multiple of it.
 */
import 'reflect-metadata';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { INestApplicationContext, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

@Injectable()
class FloorProcessor {
  readonly client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT, region: 'us-east-1' }));

  handleBatch(event: { Records: unknown[] }) {
    return { batchItemFailures: event.Records.map(() => ({ itemIdentifier: 'unprocessed' })) };
  }
}

@Module({ providers: [FloorProcessor] })
class FloorModule {}

let context: Promise<INestApplicationContext> | undefined;

async function build(): Promise<INestApplicationContext> {
  const started = performance.now();
  const built = await NestFactory.createApplicationContext(FloorModule, { logger: false });
  process.stdout.write(`${JSON.stringify({ appBuildMs: Math.round(performance.now() - started) })}\n`);
  return built;
}

export const handler = async (event: { Records: unknown[] }) => {
  context ??= build();
  return (await context).get(FloorProcessor).handleBatch(event);
};
