import { StateMachine } from '../../core/state-machine';
import { RETURN_STATES, ReturnState } from './return.model';

/** Where a return may go: the shop decides the first moves, the stream's refund the last. */
export const RETURN_TRANSITIONS: Readonly<Record<ReturnState, readonly ReturnState[]>> = {
  requested: ['accepted', 'rejected'],
  accepted: ['received', 'rejected'],
  received: ['refunded'],
  rejected: [],
  refunded: [],
};

export const RETURN_MACHINE = new StateMachine<ReturnState>({
  name: 'return',
  states: RETURN_STATES,
  initial: 'requested',
  transitions: RETURN_TRANSITIONS,
  terminal: ['rejected', 'refunded'],
  notATransition: (from, to) => `Cannot move a return from ${from} to ${to}`,
});
