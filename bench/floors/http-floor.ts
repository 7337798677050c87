/**
 * The cold-start bench's reference for the API function: NestJS on Express behind
 * serverless-express with one route, GET /health, that makes one DynamoDB call, bundled with
 * the API's own esbuild settings. What any Nest API that reaches DynamoDB pays before its
 * first answer; the API's init is printed as a multiple of it.
 */
import 'reflect-metadata';
import serverlessExpress from '@codegenie/serverless-express';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Handler } from 'aws-lambda';

let client: DynamoDBDocumentClient | undefined;

@Controller('health')
class FloorHealthController {
  @Get()
  async health() {
    client ??= DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    );
    await client.send(new DescribeTableCommand({ TableName: process.env.FLOOR_TABLE }));
    return { status: 'ok' };
  }
}

@Module({ controllers: [FloorHealthController] })
class FloorModule {}

let server: Promise<Handler> | undefined;

async function build(): Promise<Handler> {
  const started = performance.now();
  const app = await NestFactory.create(FloorModule, { logger: false, bodyParser: false });
  await app.init();
  process.stdout.write(`${JSON.stringify({ appBuildMs: Math.round(performance.now() - started) })}\n`);
  return serverlessExpress({ app: app.getHttpAdapter().getInstance() }) as Handler;
}

export const handler = async (event: unknown, context: unknown) => {
  server ??= build();
  return (await server)(event, context as never, () => undefined);
};
