import serverlessExpress from '@codegenie/serverless-express';
import type { Context, Handler } from 'aws-lambda';
import { createApp } from '../http/create-app';

/** API Lambda: the Nest app behind serverless-express, built once per container. */
let server: Promise<Handler> | undefined;

export const handler = async (event: unknown, context: Context) => {
  server ??= createApp().then((app) => serverlessExpress({ app: app.getHttpAdapter().getInstance() }) as Handler);
  return (await server)(event, context, () => undefined);
};
