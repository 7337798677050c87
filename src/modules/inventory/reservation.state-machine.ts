import { StateMachine, stateCondition } from '../../core/state-machine';
import { ReservationState } from './inventory.model';

/** What a move of a reservation is asked with: the generation of the hold it moves (absent: 1). */
export interface ReservationMove {
  from: ReservationState;
  to: ReservationState;
  generation?: number;
}

/**
 * A reservation's life. It is born `held` (its order's stock set aside) or `void` (a cancel came
 * before the reserve: nothing may be held later); a hold is `released` (given back) or
 * `deducted` (sold, by the shipment that completes the order). A released hold is taken again
 * (`held`, generation 2) when its order's payment came late, once. The reservation writes'
 * conditions are derived from this table (`reservationStateCondition`).
 */
export const RESERVATION_MACHINE = new StateMachine<ReservationState, ReservationMove>({
  name: 'reservation',
  states: ['held', 'released', 'deducted', 'void'],
  initial: ['held', 'void'],
  transitions: {
    held: ['released', 'deducted'],
    released: ['held'],
    deducted: [],
    void: [],
  },
  terminal: ['deducted', 'void'],
  guards: [
    {
      // In a write: `attribute_not_exists(generation)` beside the state condition.
      name: 'retaken_once',
      refuse: (move) => (move.from === 'released' && move.to === 'held' && (move.generation ?? 1) > 1 ? 'a released hold is taken again once' : undefined),
    },
  ],
});

/** The condition of a write that moves a reservation to `to`: its state is one the table lets move there. */
export function reservationStateCondition(to: ReservationState) {
  return stateCondition(RESERVATION_MACHINE.sourcesOf(to));
}
