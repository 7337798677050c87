import 'reflect-metadata';
import { INestApplication, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { json, NextFunction, Request, Response } from 'express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppModule } from './app.module';
import { config } from '../config';
import { logger } from '../core/logger';
import { assertBodyDepth } from '../http/body-depth';
import { CORS_ALLOWED_HEADERS, CORS_ALLOWED_METHODS, CORS_EXPOSED_HEADERS, CORS_MAX_AGE_SECONDS } from '../http/browser-access';
import { DocsMode } from '../config';
import { mountLiveDocs } from '../http/docs';
import { ErrorFilter, errorBody } from '../http/error.filter';
import { UnsupportedMediaTypeError } from '../core/errors';
import { validationPipe } from '../http/validation';

/** Nest's own messages, through the structured logger. */
const nestLogger: LoggerService = {
  log: (message) => logger.debug(String(message)),
  error: (message, trace) => logger.error(String(message), { trace }),
  warn: (message) => logger.warn(String(message)),
};

/** The HTTP application, the same for the API Lambda, serverless-offline and the tests. */
export async function createApp({ docs = config().docs }: { docs?: DocsMode } = {}): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule, { bodyParser: false, logger: nestLogger });
  // `X-Powered-By: Express` tells a prober what to try; nothing needs it.
  app.getHttpAdapter().getInstance().disable('x-powered-by');
  // Browser storefronts call from their own origins. No cookies are used (tokens and keys travel
  // in headers), so credentials stay off and `*` is safe where no list is set.
  const origins = config().corsOrigins;
  app.enableCors({
    origin: origins.includes('*') ? '*' : origins,
    methods: [...CORS_ALLOWED_METHODS],
    allowedHeaders: [...CORS_ALLOWED_HEADERS],
    exposedHeaders: [...CORS_EXPOSED_HEADERS],
    maxAge: CORS_MAX_AGE_SECONDS,
    credentials: false,
  });
  // The raw bytes stay beside the parsed body: a webhook's signature is over them.
  const parseJson = json({ limit: config().bodyLimit, verify: (req, _res, raw) => ((req as Request & { rawBody?: Buffer }).rawBody = raw) });
  // Parser errors happen before Nest routes the request; answer them in the same JSON shape.
  app.use((req: Request, res: Response, next: NextFunction) =>
    parseJson(req, res, (error?: unknown) => {
      try {
        if (error) throw error;
        assertJsonContentType(req);
        assertBodyDepth(req.body);
        next();
      } catch (refused) {
        const body = errorBody(refused);
        res.status(body.statusCode).json(body);
      }
    }),
  );
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new ErrorFilter());
  if (docs === 'live') mountLiveDocs(app);
  if (docs === 'static') serveStaticDocument(app);
  await app.init();
  return app;
}

/**
 * The JSON parser skips a body of any other content type: the route would then see no fields
 * and answer misleading "is required" problems. A body that is there but not JSON is refused
 * whole (415) instead; requests without a body (GET, DELETE, a POST of nothing) pass.
 */
function assertJsonContentType(req: Request): void {
  const length = req.headers['content-length'];
  const hasBody = req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  if (!hasBody) return;
  const type = req.headers['content-type'];
  const mediaType = (type ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType === 'application/json') return;
  throw new UnsupportedMediaTypeError(type ? `content-type ${type} is not accepted: send the body as application/json` : 'a body without a content-type is not accepted: send it as application/json');
}

/**
 * The API Lambda: the document written at build time (write-openapi.ts) beside the code, read
 * once and served as it is; the Lambda bundle carries no Swagger (infra/lambda-stubs).
 */
function serveStaticDocument(app: INestApplication): void {
  let document: string | undefined;
  app.getHttpAdapter().get('/docs/openapi.json', (_req: Request, res: Response) => {
    document ??= readFileSync(join(__dirname, 'openapi.json'), 'utf8');
    res.type('json').send(document);
  });
}
