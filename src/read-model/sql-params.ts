/**
 * The parameters of one read-model statement (a search, a list): `$1` is the scope's tenant, and each value added
 * takes the next placeholder. User text only ever travels here, never in the SQL text.
 */
export class SqlParams {
  readonly values: unknown[];

  constructor(tenant: string) {
    this.values = [tenant];
  }

  /** Adds `value` and returns its placeholder (`$2`, `$3`, ...). */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
