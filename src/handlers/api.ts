import serverlessExpress from '@codegenie/serverless-express';
import type { Context, Handler } from 'aws-lambda';
import { logger } from '../core/logger';
import { createApp } from '../app/create-app';
import { mapBundleStacks } from '../core/bundle-stacks';

mapBundleStacks(__filename);

/** Time kept back from the function's timeout to answer before the platform cuts us off. */
const DEADLINE_MARGIN_MS = 500;

export interface HttpResult {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
}

type HttpHandler = (event: unknown, context: Context) => Promise<HttpResult>;

/**
 * Answers 504 in the API's error shape when a request is about to run out of the function's
 * time, instead of leaving the answer to the platform (serverless-offline answered 200 with
 * a stack trace). The detail goes to the log only.
 */
export function withDeadline(inner: HttpHandler, marginMs = DEADLINE_MARGIN_MS): HttpHandler {
  return async (event, context) => {
    let timer: NodeJS.Timeout | undefined;
    const budgetMs = Math.max(context.getRemainingTimeInMillis() - marginMs, 0);
    const timedOut = new Promise<HttpResult>((resolve) => {
      timer = setTimeout(() => {
        const { rawPath, requestContext } = (event ?? {}) as { rawPath?: string; requestContext?: { http?: { method?: string } } };
        logger.error('request ran out of time', { method: requestContext?.http?.method, path: rawPath, budgetMs });
        resolve({
          statusCode: 504,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ statusCode: 504, error: 'GatewayTimeout', message: 'the request took too long' }),
        });
      }, budgetMs);
    });
    try {
      return await Promise.race([inner(event, context), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  };
}

/** The Nest app behind serverless-express; its build time is logged once per container (cold starts). */
async function buildServer(): Promise<Handler> {
  const started = performance.now();
  const app = await createApp();
  logger.info('http app built', { appBuildMs: Math.round(performance.now() - started) });
  return serverlessExpress({ app: app.getHttpAdapter().getInstance() }) as Handler;
}

/** API Lambda: the Nest app behind serverless-express, built once per container. */
let server: Promise<Handler> | undefined;

export const handler = withDeadline(async (event, context) => {
  server ??= buildServer();
  return (await server)(event, context, () => undefined) as Promise<HttpResult>;
});
