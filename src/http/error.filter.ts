import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Response } from 'express';
import { ShopstreamError } from '../core/errors';
import { logger } from '../core/logger';
import type { RequestWithTenant } from '../core/tenant-context';
import { seesStaffFields } from './staff-only-fields.interceptor';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  [detail: string]: unknown;
}

/** Turns every failure into `{ statusCode, error, message, ...details }`; 5xx are logged, never explained. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = errorBody(exception);
    // Who wrote an entity's version is staff-only in a 409 as in the entity's view.
    if ('updatedBy' in body && !seesStaffFields(host.switchToHttp().getRequest<RequestWithTenant>().tenantContext)) delete body.updatedBy;
    if (body.statusCode >= 500) logger.error('request failed', { error: exception as Error });
    response.status(body.statusCode).json(body);
  }
}

/**
 * Nest's own exceptions (an unknown route's 404 above all) under the names the API's errors of
 * the same status carry: a client tells errors apart by `error`, never by which layer raised them.
 */
const NEST_ERROR_NAMES: Record<number, string> = { 401: 'UnauthorizedError', 403: 'ForbiddenError', 404: 'NotFoundError', 409: 'ConflictError', 429: 'TooManyRequestsError' };

export function errorBody(exception: unknown): ErrorBody {
  if (exception instanceof ShopstreamError) {
    return { statusCode: exception.status, error: exception.name, message: exception.message, ...exception.details };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const payload = exception.getResponse();
    const message = typeof payload === 'string' ? payload : String((payload as { message?: unknown }).message ?? exception.message);
    return { statusCode: status, error: NEST_ERROR_NAMES[status] ?? exception.name, message };
  }
  // Errors raised by body-parser before Nest sees the request.
  const parserError = exception as { type?: string; status?: number; limit?: number };
  if (parserError?.type === 'entity.too.large') {
    return { statusCode: 413, error: 'PayloadTooLarge', message: `body is larger than ${parserError.limit} bytes` };
  }
  if (parserError?.type === 'entity.parse.failed') {
    return { statusCode: 400, error: 'MalformedJson', message: 'body: is not valid JSON', fields: [{ field: 'body', problem: 'is not valid JSON' }] };
  }
  // `application/json; charset=latin1` and the like: the same name as a body of another type.
  if (parserError?.status === 415) {
    return { statusCode: 415, error: 'UnsupportedMediaTypeError', message: `content-type: ${(exception as Error).message}; send the body as application/json (utf-8)` };
  }
  if (typeof parserError?.status === 'number' && parserError.status >= 400 && parserError.status < 500) {
    return { statusCode: parserError.status, error: 'BadRequest', message: (exception as Error).message };
  }
  return { statusCode: 500, error: 'InternalError', message: 'internal error' };
}
