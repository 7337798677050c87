import { logger } from '../../src/core/logger';

/**
 * Registers, for the describe it is called in, that no payment's derived state moves where the
 * payment's machine has no move (withLedger logs such a move instead of refusing it): every test
 * of the file then also walks the table through the real services.
 */
export function expectPaymentsOnTheirMachine(): void {
  let errors: jest.SpyInstance;
  beforeEach(() => {
    errors = jest.spyOn(logger, 'error');
  });
  afterEach(() => {
    const offTable = errors.mock.calls.filter(([message]) => message === 'a payment moved where its state machine has no move').map(([, fields]) => fields);
    errors.mockRestore();
    expect(offTable).toEqual([]);
  });
}
