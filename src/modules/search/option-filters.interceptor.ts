import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { Observable } from 'rxjs';
import { FieldProblem, ValidationFailedError } from '../../core/errors';
import { textProblem } from '../../http/plain-text';
import { MAX_OPTION_FILTERS, MAX_OPTION_VALUES, OptionFilter } from './search.model';

const OPTION_KEY = /^option\.(.+)$/;
const OPTION_NAME = /^[\p{L}\p{N}][\p{L}\p{N} _-]{0,49}$/u;

/** Where the interceptor leaves the parsed option filters for the controller. */
export const OPTION_FILTERS = Symbol('optionFilters');
export type WithOptionFilters = Request & { [OPTION_FILTERS]?: OptionFilter[] };

/**
 * `option.<name>=<value>[,<value>...]` query parameters have names no DTO can list. This takes
 * them out of the query before the validation pipe (which refuses unknown fields) sees it,
 * checks them (400 naming `option.<name>`) and hands them to the controller.
 */
@Injectable()
export class OptionFiltersInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<WithOptionFilters>();
    const query = { ...(request.query as Record<string, unknown>) };
    const filters: OptionFilter[] = [];
    const problems: FieldProblem[] = [];
    for (const [key, raw] of Object.entries(query)) {
      const match = OPTION_KEY.exec(key);
      if (!match) continue;
      delete query[key];
      const name = match[1];
      if (!OPTION_NAME.test(name)) {
        problems.push({ field: key, problem: 'must name an option: letters, digits, spaces, dashes or underscores, at most 50' });
        continue;
      }
      const values = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean);
      const unsafe = values.map((v) => textProblem(v)).find(Boolean);
      if (values.length === 0) problems.push({ field: key, problem: 'must have a value' });
      else if (values.length > MAX_OPTION_VALUES) problems.push({ field: key, problem: `must have at most ${MAX_OPTION_VALUES} values` });
      else if (values.some((v) => v.length > 50)) problems.push({ field: key, problem: 'values must be at most 50 characters' });
      else if (unsafe) problems.push({ field: key, problem: `values ${unsafe}` });
      else {
        const same = filters.find((f) => f.name === name.toLowerCase());
        if (same) same.values = [...new Set([...same.values, ...values])].slice(0, MAX_OPTION_VALUES);
        else filters.push({ name: name.toLowerCase(), values });
      }
    }
    if (filters.length > MAX_OPTION_FILTERS) problems.push({ field: 'option', problem: `at most ${MAX_OPTION_FILTERS} option filters` });
    if (problems.length) throw new ValidationFailedError(problems);
    // Express 5 computes req.query on each read: an own property replaces it for this request.
    Object.defineProperty(request, 'query', { value: query, writable: true, configurable: true, enumerable: true });
    request[OPTION_FILTERS] = filters;
    return next.handle();
  }
}
