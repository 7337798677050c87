/**
 * A list of mails (the outbox's messages), each subject opening the mail in full: the Mails
 * screen and an order's "Mails sent" card share it.
 */
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import type { Schemas } from '../../shared/api/client';
import { formatDateTime } from '../../shared/format';
import { Badge } from '../../shared/ui/badge';
import { Button } from '../../shared/ui/button';
import { DataTable } from '../../shared/ui/data-table';
import { Dialog } from '../../shared/ui/dialog';
import { linkClass } from './edit-form';
import { t } from './strings';

export type Mail = Schemas['OutboxMessage'];

/** The order a mail is about: its own mails are `<order>.v<n>`, its payments' `<order>-P<n>.v<n>`. */
export const orderOfMail = (mail: Mail): string | undefined =>
  mail.topic.startsWith('order.') ? mail.messageId.replace(/\.v\d+$/, '') : mail.topic.startsWith('payment.') ? mail.messageId.replace(/-P\d+\.v\d+(\.review)?$/, '') : undefined;

export const MailStatus = ({ mail }: { mail: Mail }) => <Badge tone={mail.status === 'sent' ? 'success' : mail.status === 'skipped' ? 'warning' : 'neutral'}>{mail.status}</Badge>;

/** One mail in full: recipient, subject, text, its order, when it was written and sent. */
export function MailDialog({ mail, timeZone, onClose }: { mail: Mail; timeZone?: string; onClose: () => void }) {
  const order = orderOfMail(mail);
  const when = (iso: string) => formatDateTime(iso, timeZone);
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={mail.subject} actions={<Button onClick={onClose}>{t('common.close')}</Button>}>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm break-words">
        <dt>{t('mails.to')}</dt>
        <dd className="min-w-0">{mail.to ?? t('mails.noRecipient')}</dd>
        <dt>{t('mails.topic')}</dt>
        <dd>{mail.topic}</dd>
        <dt>{t('mails.status')}</dt>
        <dd>
          <MailStatus mail={mail} /> {mail.skippedReason && t('mails.skipped', { reason: mail.skippedReason })}
        </dd>
        <dt>{t('mails.created')}</dt>
        <dd>{when(mail.createdAt)}</dd>
        <dt>{t('mails.sentAt')}</dt>
        <dd>{mail.sentAt ? when(mail.sentAt) : '—'}</dd>
        {order && (
          <>
            <dt>{t('mails.order')}</dt>
            <dd>
              <Link to="/orders/$code" params={{ code: order }} className={linkClass} onClick={onClose}>
                {order}
              </Link>
            </dd>
          </>
        )}
      </dl>
      <h3 className="mt-4 mb-1 text-sm font-semibold">{t('mails.body')}</h3>
      <pre className="max-h-80 overflow-auto rounded bg-gray-50 p-3 text-xs whitespace-pre-wrap dark:bg-gray-800">{mail.body}</pre>
    </Dialog>
  );
}

/** The table of mails, each subject opening the mail; the list screen and the order's card share it. */
export function MailsTable({ mails, timeZone }: { mails: Mail[]; timeZone?: string }) {
  const [open, setOpen] = useState<Mail>();
  return (
    <>
      <DataTable
        label={t('mails.table')}
        rows={mails}
        rowKey={(mail) => mail.messageId}
        columns={[
          {
            header: t('mails.subject'),
            cell: (mail) => (
              <button type="button" className={`${linkClass} text-left`} onClick={() => setOpen(mail)}>
                {mail.subject}
              </button>
            ),
          },
          { header: t('mails.to'), cell: (mail) => mail.to ?? '—' },
          { header: t('mails.topic'), className: 'whitespace-nowrap', cell: (mail) => mail.topic },
          { header: t('mails.status'), cell: (mail) => <MailStatus mail={mail} /> },
          { header: t('mails.sentAt'), className: 'whitespace-nowrap', cell: (mail) => formatDateTime(mail.sentAt ?? mail.createdAt, timeZone) },
        ]}
      />
      {open && <MailDialog mail={open} timeZone={timeZone} onClose={() => setOpen(undefined)} />}
    </>
  );
}
