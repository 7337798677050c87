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
  // Set at once, not at the next render as isPending is: the second click of a double click comes
  // before React renders again, and would otherwise send a second action with a fresh key.
  const running = useRef(false);
  const send = (action: Action<V>) => {
    if (running.current) return;
    running.current = true;
    mutation.mutate(action, { onSettled: () => (running.current = false) });
  };
  return {
    ...mutation,
    /** A new user action: a fresh key. */
    act(variables: V) {
      if (running.current) return;
      last.current = { variables, idempotencyKey: crypto.randomUUID() };
      send(last.current);
    },
    /** The same action again (after a network error or a 5xx): the same key. */
    retry() {
      if (last.current) send(last.current);
    },
  };
}
