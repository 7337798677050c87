/**
 * `Date.now()` held still for each test of the describe block that calls this, and moved only
 * by `advance`: cache windows are tested by the clock, never by waiting.
 */
export function useFrozenClock(): { advance(ms: number): void } {
  let clock = 0;
  beforeEach(() => {
    clock = Date.now();
    jest.spyOn(Date, 'now').mockImplementation(() => clock);
  });
  afterEach(() => jest.restoreAllMocks());
  return {
    advance: (ms) => {
      clock += ms;
    },
  };
}
