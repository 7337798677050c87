import 'reflect-metadata';
import { INestApplication, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json, NextFunction, Request, Response } from 'express';
import { AppModule } from '../app.module';
import { config } from '../config';
import { logger } from '../core/logger';
import { assertBodyDepth } from './body-depth';
import { ErrorFilter, errorBody } from './error.filter';
import { validationPipe } from './validation';

/** Nest's own messages, through the structured logger. */
const nestLogger: LoggerService = {
  log: (message) => logger.debug(String(message)),
  error: (message, trace) => logger.error(String(message), { trace }),
  warn: (message) => logger.warn(String(message)),
};

/** The HTTP application, the same for the API Lambda, serverless-offline and the tests. */
export async function createApp(): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule, { bodyParser: false, logger: nestLogger });
  const parseJson = json({ limit: config().bodyLimit });
  // Parser errors happen before Nest routes the request; answer them in the same JSON shape.
  app.use((req: Request, res: Response, next: NextFunction) =>
    parseJson(req, res, (error?: unknown) => {
      try {
        if (error) throw error;
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
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('shopstream')
      .setDescription('Multi-tenant commerce API. Every route but /health needs a bearer JWT; the tenant comes from the token.')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  // Error bodies carry the details of their error spread in (error.filter.ts): more may come.
  const errorSchema = document.components?.schemas?.ErrorResponse;
  if (errorSchema && !('$ref' in errorSchema)) errorSchema.additionalProperties = true;
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  await app.init();
  return app;
}
