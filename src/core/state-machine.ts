/**
 * The one state-machine primitive: a table of where each state may go, named guards checked in
 * order, and checks of the table itself when it is declared (so a bad table fails at load, not
 * on the first order that takes the broken path). Order, return, payment, reservation and cart
 * declare theirs with it; a context's write conditions can be derived from its table
 * (`sourcesOf`, `stateCondition`) instead of being spelled out beside it.
 */

/** A guard returns why a move is refused, or nothing. */
export interface NamedGuard<Request> {
  name: string;
  refuse: (request: Request) => string | undefined;
}

export interface StateMachineDefinition<State extends string, Request = unknown> {
  /** For messages: `order`, `return`, `reservation`. */
  name: string;
  states: readonly State[];
  /** Where an entity starts (several for entities born in more than one state). */
  initial: State | readonly State[];
  transitions: Readonly<Record<State, readonly State[]>>;
  /** States with no way out; checked at load. */
  terminal?: readonly State[];
  guards?: readonly NamedGuard<Request>[];
  /** The answer to a move the table lacks (`Cannot transition from <from> to <to>` by default): contexts keep the words their clients see. */
  notATransition?: (from: State, to: State) => string;
}

export type MoveCheck = { allowed: true } | { allowed: false; kind: 'not-a-transition' | 'refused'; message: string; guard?: string };

export class StateMachine<State extends string, Request = unknown> {
  readonly name: string;
  readonly states: readonly State[];
  readonly initial: readonly State[];
  private readonly transitions: Readonly<Record<State, readonly State[]>>;
  private readonly guards: readonly NamedGuard<Request>[];
  private readonly notATransition: (from: State, to: State) => string;

  constructor(definition: StateMachineDefinition<State, Request>) {
    this.name = definition.name;
    this.states = definition.states;
    this.initial = typeof definition.initial === 'string' ? [definition.initial] : (definition.initial as readonly State[]);
    this.transitions = definition.transitions;
    this.guards = definition.guards ?? [];
    this.notATransition = definition.notATransition ?? ((from, to) => `Cannot transition from ${from} to ${to}`);
    validate(definition, this.initial);
  }

  /** Whether the table has the move (guards not asked). */
  canMove(from: State, to: State): boolean {
    return (this.transitions[from] ?? []).includes(to);
  }

  targetsOf(from: State): readonly State[] {
    return this.transitions[from] ?? [];
  }

  /** Every state the table lets move to `to`: what a conditional write of `to` must find. */
  sourcesOf(to: State): State[] {
    return this.states.filter((from) => this.canMove(from, to));
  }

  /** The table first, then each guard in order: the first refusal is the answer. */
  check(from: State, to: State, request: Request): MoveCheck {
    if (!this.canMove(from, to)) return { allowed: false, kind: 'not-a-transition', message: this.notATransition(from, to) };
    for (const guard of this.guards) {
      const refusal = guard.refuse(request);
      if (refusal) return { allowed: false, kind: 'refused', message: refusal, guard: guard.name };
    }
    return { allowed: true };
  }
}

/**
 * A DynamoDB condition that the item's state attribute is one of `states`, for a write that
 * moves it (`names`/`values` to merge into the write's own). `#state` and `:state0..n` by default.
 */
export function stateCondition(states: readonly string[], attribute = 'state', placeholder = 'state'): { condition: string; names: Record<string, string>; values: Record<string, string> } {
  if (!states.length) throw new Error(`no state may move there: a write conditioned on none of them would never succeed`);
  const values = Object.fromEntries(states.map((state, i) => [`:${placeholder}${i}`, state]));
  const condition = states.length === 1 ? `#${placeholder} = :${placeholder}0` : `#${placeholder} IN (${Object.keys(values).join(', ')})`;
  return { condition, names: { [`#${placeholder}`]: attribute }, values };
}

function validate<State extends string, Request>(definition: StateMachineDefinition<State, Request>, initial: readonly State[]): void {
  const { name, states, transitions } = definition;
  const known = new Set<string>(states);
  for (const state of states) if (!transitions[state]) throw new Error(`${name}: state ${state} has no entry in the table`);
  for (const [from, targets] of Object.entries(transitions) as [string, readonly string[]][]) {
    if (!known.has(from)) throw new Error(`${name}: the table names ${from}, which is not a state`);
    for (const to of targets) if (!known.has(to)) throw new Error(`${name}: ${from} -> ${to} goes to no state`);
  }
  for (const start of initial) if (!known.has(start)) throw new Error(`${name}: initial state ${start} is not a state`);
  const reached = new Set<string>(initial);
  const queue: string[] = [...initial];
  while (queue.length) {
    for (const next of transitions[queue.shift() as State]) {
      if (!reached.has(next)) {
        reached.add(next);
        queue.push(next);
      }
    }
  }
  const unreachable = states.filter((s) => !reached.has(s));
  if (unreachable.length) throw new Error(`${name}: states not reachable from ${initial.join(', ')}: ${unreachable.join(', ')}`);
  for (const end of definition.terminal ?? []) if (!known.has(end)) throw new Error(`${name}: terminal state ${end} is not a state`);
  for (const end of definition.terminal ?? []) if (transitions[end].length) throw new Error(`${name}: terminal state ${end} has exits`);
  const names = (definition.guards ?? []).map((g) => g.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new Error(`${name}: guard ${twice} is declared twice`);
}
