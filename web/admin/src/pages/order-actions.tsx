/**
 * What staff may do to an order from its screen: the moves its state machine allows now AND the
 * role may make (permissions.ts; the API refuses the rest anyway). Every mutation goes through
 * useAction: one Idempotency-Key per user action, so a double click or a retry changes nothing
 * twice. A 409 says someone else changed the order (reload); a 400's fields land by their inputs.
 */
import { useState, type ReactNode } from 'react';
import { unwrap, type ApiClient, type Schemas } from '../../../shared/api/client';
import { ConflictError, fieldErrors } from '../../../shared/api/errors';
import { useAction } from '../../../shared/api/use-action';
import { formatMoney, moneyText, parseMoney } from '../../../shared/format';
import { Button } from '../../../shared/ui/button';
import { Dialog } from '../../../shared/ui/dialog';
import { Field, Input } from '../../../shared/ui/field';
import { useToast } from '../../../shared/ui/toast';
import { CANCELLABLE, SHIPPABLE, unitsToShip } from '../order-figures';
import { may } from '../permissions';
import { t } from '../strings';

type Order = Schemas['Order'];
type Return = Schemas['Return'];

interface Context {
  api: ApiClient;
  roles: readonly string[];
  /** Read the order (and what hangs off it) again: after a change, or a 409. */
  reload: () => void;
}

/** A mutation with its toast on success and its error kept for the form to show. */
function useMutation<V>(context: Context, done: string, run: (variables: V, header: { 'Idempotency-Key': string }) => Promise<unknown>, after?: () => void) {
  const toast = useToast();
  return useAction<V, unknown>(({ variables, idempotencyKey }) => run(variables, { 'Idempotency-Key': idempotencyKey }), {
    onSuccess: () => {
      toast({ title: t('action.done', { what: done }), tone: 'info' });
      after?.();
      context.reload();
    },
  });
}

/** The error of an action: a conflict offers a reload; a 400 names its fields (shown by the inputs too). */
export function ActionError({ error, onReload }: { error: Error | null; onReload: () => void }) {
  if (!error) return null;
  if (error instanceof ConflictError) {
    return (
      <div role="alert" className="mt-3 rounded-md border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-50">
        <p className="font-medium">{t('action.conflict')}</p>
        <p>{error.message}</p>
        <p className="mt-1">{t('action.conflictHint')}</p>
        <Button variant="secondary" className="mt-2" onClick={onReload}>
          {t('action.reload')}
        </Button>
      </div>
    );
  }
  return (
    <div role="alert" className="mt-3 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
      <p className="font-medium">{t('action.failed')}</p>
      <p>{error.message}</p>
    </div>
  );
}

/** A button opening a form in a dialog; each opening starts from a fresh form (`onOpen`). */
function ActionDialog({ label, title, variant = 'secondary', children, onSubmit, onOpen, pending, error, reload, open, setOpen }: { label: string; title: string; variant?: 'primary' | 'secondary' | 'danger'; children: ReactNode; onSubmit: () => void; onOpen: () => void; pending: boolean; error: Error | null; reload: () => void; open: boolean; setOpen: (open: boolean) => void }) {
  return (
    <>
      <Button
        variant={variant}
        onClick={() => {
          onOpen();
          setOpen(true);
        }}
      >
        {label}
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title={title}>
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            onSubmit();
          }}
          className="flex flex-col gap-3"
        >
          {children}
          <ActionError error={error} onReload={reload} />
          <div className="mt-3 flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              {t('action.back')}
            </Button>
            <Button type="submit" variant={variant === 'danger' ? 'danger' : 'primary'} disabled={pending}>
              {t('action.confirm')}
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}

function ShipDialog({ order, context }: { order: Order; context: Context }) {
  const left = unitsToShip(order.attributes);
  const [open, setOpen] = useState(false);
  const [units, setUnits] = useState<Record<string, string>>({});
  const [carrier, setCarrier] = useState('');
  const [tracking, setTracking] = useState('');
  const [problem, setProblem] = useState<string>();
  const ship = useMutation<Schemas['CreateShipmentDto']>(context, t('action.ship'), async (body, header) => unwrap(await context.api.POST('/orders/{code}/shipments', { params: { path: { code: order.code }, header }, body })), () => setOpen(false));
  const fields = fieldErrors(ship.error);
  const lines = left.map((line) => ({ sku: line.sku, quantity: Number(units[line.sku] ?? line.left) })).filter((line) => line.quantity > 0);
  return (
    <ActionDialog
      label={t('action.ship')}
      title={t('action.shipTitle')}
      variant="primary"
      open={open}
      setOpen={setOpen}
      pending={ship.isPending}
      error={ship.error}
      reload={context.reload}
      onOpen={() => {
        setUnits({});
        setCarrier('');
        setTracking('');
        setProblem(undefined);
        ship.reset();
      }}
      onSubmit={() => {
        if (!lines.length) return setProblem(t('action.nothingSelected'));
        setProblem(undefined);
        ship.act({ expectedVersion: order.version, carrier: carrier.trim(), trackingNumber: tracking.trim(), lines });
      }}
    >
      <p className="text-sm">{t('action.shipHint')}</p>
      {left.map((line, i) => (
        <Field key={line.sku} label={`${line.name} (${line.sku})`} hint={t('action.toShip', { sku: line.sku, left: line.left })} error={fields[`lines.${lines.findIndex((sent) => sent.sku === line.sku)}.quantity`] ?? (i === 0 ? problem : undefined)}>
          {(control) => <Input {...control} type="number" min={0} max={line.left} step={1} value={units[line.sku] ?? String(line.left)} onChange={(event) => setUnits({ ...units, [line.sku]: event.target.value })} />}
        </Field>
      ))}
      <Field label={t('action.carrier')} error={fields.carrier}>
        {(control) => <Input {...control} required value={carrier} onChange={(event) => setCarrier(event.target.value)} />}
      </Field>
      <Field label={t('action.trackingNumber')} error={fields.trackingNumber}>
        {(control) => <Input {...control} required value={tracking} onChange={(event) => setTracking(event.target.value)} />}
      </Field>
    </ActionDialog>
  );
}

function CancelDialog({ order, context }: { order: Order; context: Context }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const cancel = useMutation<Schemas['ChangeOrderStatusDto']>(context, t('action.cancel'), async (body, header) => unwrap(await context.api.PATCH('/orders/{code}/status', { params: { path: { code: order.code }, header }, body })), () => setOpen(false));
  return (
    <ActionDialog label={t('action.cancel')} title={t('action.cancelTitle')} variant="danger" open={open} setOpen={setOpen} pending={cancel.isPending} error={cancel.error} reload={context.reload} onOpen={() => {
        setReason('');
        cancel.reset();
      }} onSubmit={() => cancel.act({ status: 'cancelled', expectedVersion: order.version, reason: reason.trim() || undefined })}>
      <Field label={t('action.reason')} error={fieldErrors(cancel.error).reason}>
        {(control) => <Input {...control} value={reason} maxLength={500} onChange={(event) => setReason(event.target.value)} />}
      </Field>
    </ActionDialog>
  );
}

/** A refund of part of what the paying payment captured: the amount typed in the shop's currency, sent in minor units. */
export function RefundDialog({ order, refundable, context }: { order: Order; refundable: number; context: Context }) {
  const currency = order.attributes.total.currency;
  const [open, setOpen] = useState(false);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string>();
  const refund = useMutation<Schemas['CreateRefundDto']>(context, t('action.refund'), async (body, header) => unwrap(await context.api.POST('/orders/{code}/refunds', { params: { path: { code: order.code }, header }, body })), () => setOpen(false));
  const fields = fieldErrors(refund.error);
  const most = formatMoney({ amount: refundable, currency });
  return (
    <ActionDialog
      label={t('action.refund')}
      title={t('action.refundTitle')}
      open={open}
      setOpen={setOpen}
      pending={refund.isPending}
      error={refund.error}
      reload={context.reload}
      onOpen={() => {
        setAmount('');
        setReason('');
        setProblem(undefined);
        refund.reset();
      }}
      onSubmit={() => {
        const minor = parseMoney(amount, currency);
        if (!minor) return setProblem(t('action.amountInvalid', { example: moneyText(refundable, currency) }));
        if (minor > refundable) return setProblem(t('action.amountTooHigh', { amount: most }));
        setProblem(undefined);
        refund.act({ amount: minor, reason: reason.trim() });
      }}
    >
      <Field label={t('action.amount', { currency })} hint={t('action.amountHint', { amount: most })} error={problem ?? fields.amount}>
        {(control) => <Input {...control} inputMode="decimal" value={amount} onChange={(event) => setAmount(event.target.value)} />}
      </Field>
      <Field label={t('action.reason')} error={fields.reason}>
        {(control) => <Input {...control} required value={reason} maxLength={500} onChange={(event) => setReason(event.target.value)} />}
      </Field>
    </ActionDialog>
  );
}

/** One-click moves of the order (process, deliver, complete). */
function MoveButton({ order, to, label, context }: { order: Order; to: 'processing' | 'delivered' | 'completed'; label: string; context: Context }) {
  const move = useMutation<Schemas['ChangeOrderStatusDto']>(context, label, async (body, header) => unwrap(await context.api.PATCH('/orders/{code}/status', { params: { path: { code: order.code }, header }, body })));
  return (
    <div>
      <Button disabled={move.isPending} onClick={() => move.act({ status: to, expectedVersion: order.version })}>
        {label}
      </Button>
      <ActionError error={move.error} onReload={context.reload} />
    </div>
  );
}

export function OrderActions({ order, refundable, context }: { order: Order; refundable: number; context: Context }) {
  const status = order.attributes.status;
  const fulfil = may(context.roles, 'orders.fulfil');
  const actions = [
    fulfil && status === 'confirmed' && <MoveButton key="process" order={order} to="processing" label={t('action.process')} context={context} />,
    fulfil && SHIPPABLE.includes(status) && unitsToShip(order.attributes).length > 0 && <ShipDialog key="ship" order={order} context={context} />,
    fulfil && status === 'shipped' && <MoveButton key="deliver" order={order} to="delivered" label={t('action.deliver')} context={context} />,
    fulfil && status === 'delivered' && <MoveButton key="complete" order={order} to="completed" label={t('action.complete')} context={context} />,
    fulfil && may(context.roles, 'orders.cancel') && CANCELLABLE.includes(status) && <CancelDialog key="cancel" order={order} context={context} />,
    may(context.roles, 'payments.refund') && refundable > 0 && <RefundDialog key="refund" order={order} refundable={refundable} context={context} />,
  ].filter(Boolean);
  return actions.length ? <div className="flex flex-wrap items-start gap-2">{actions}</div> : <p className="text-sm">{t('order.noActions')}</p>;
}

/** accept / reject a requested return, receive (every unit asked for, restocked) or reject an accepted one. */
export function ReturnActions({ item, context }: { item: Return; context: Context }) {
  const change = useMutation<Schemas['ChangeReturnDto']>(context, t('order.returnTitle', { code: item.code }), async (body, header) => unwrap(await context.api.PATCH('/returns/{code}', { params: { path: { code: item.code }, header }, body })));
  if (!may(context.roles, 'returns.manage')) return null;
  const moves: ('accepted' | 'received' | 'rejected')[] = item.attributes.state === 'requested' ? ['accepted', 'rejected'] : item.attributes.state === 'accepted' ? ['received', 'rejected'] : [];
  if (!moves.length) return null;
  const labels = { accepted: t('action.accept'), received: t('action.receive'), rejected: t('action.reject') };
  return (
    <div className="mt-2">
      <div className="flex flex-wrap gap-2">
        {moves.map((state) => (
          <Button key={state} variant={state === 'rejected' ? 'secondary' : 'primary'} disabled={change.isPending} onClick={() => change.act({ state, expectedVersion: item.version })}>
            {labels[state]}
          </Button>
        ))}
      </div>
      <ActionError error={change.error} onReload={context.reload} />
    </div>
  );
}
