/**
 * Every mutation through the UI: a TanStack Query mutation whose Idempotency-Key is made when the
 * user acts (a click, a submit) and kept with that action, so TanStack's retries and the "Try
 * again" of an error state resend the same key and the API applies the change once. A double
 * click while the first is running is ignored.
 */
import { useMutation, type UseMutationOptions } from '@tanstack/react-query';
import { useRef } from 'react';

export interface Action<V> {
  variables: V;
  /** Send as the Idempotency-Key header of the mutation. */
  idempotencyKey: string;
}

export function useAction<V, R>(run: (action: Action<V>) => Promise<R>, options: Omit<UseMutationOptions<R, Error, Action<V>>, 'mutationFn'> = {}) {
  const mutation = useMutation<R, Error, Action<V>>({ mutationFn: run, ...options });
  const last = useRef<Action<V> | undefined>(undefined);
  return {
    ...mutation,
    /** A new user action: a fresh key. */
    act(variables: V) {
      if (mutation.isPending) return;
      last.current = { variables, idempotencyKey: crypto.randomUUID() };
      mutation.mutate(last.current);
    },
    /** The same action again (after a network error or a 5xx): the same key. */
    retry() {
      if (last.current && !mutation.isPending) mutation.mutate(last.current);
    },
  };
}
