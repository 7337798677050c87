import { ValidationFailedError } from '../core/errors';

/** No request of this API nests deeper; validating a deeper body could exhaust the stack. */
export const MAX_BODY_DEPTH = 32;

/** Refuses a parsed body nested deeper than MAX_BODY_DEPTH, measured without recursion. */
export function assertBodyDepth(body: unknown): void {
  const stack: { value: unknown; depth: number }[] = [{ value: body, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH) {
      throw new ValidationFailedError([{ field: 'body', problem: `is nested deeper than ${MAX_BODY_DEPTH} levels` }]);
    }
    for (const child of Object.values(value)) stack.push({ value: child, depth: depth + 1 });
  }
}
