/**
 * What a screen shows on a 409 with the entity's current version: who saved it and when, each
 * field the user changed that differs now (theirs beside yours), and the two ways on: reload
 * their version (dropping the user's change) or re-apply the user's change on top of it.
 */
import { Button } from './button';
import { Dialog } from './dialog';

export interface ConflictField {
  label: string;
  theirs: string;
  yours: string;
}

export interface ConflictLabels {
  title: string;
  who: string;
  field: string;
  theirs: string;
  yours: string;
  reload: string;
  reapply: string;
  none: string;
}

export function ConflictDialog({ open, fields, labels, onReload, onReapply, onOpenChange, busy }: { open: boolean; fields: ConflictField[]; labels: ConflictLabels; onReload: () => void; onReapply: () => void; onOpenChange: (open: boolean) => void; busy?: boolean }) {
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={labels.title}
      description={labels.who}
      actions={
        <>
          <Button variant="secondary" onClick={onReload} disabled={busy}>
            {labels.reload}
          </Button>
          <Button onClick={onReapply} disabled={busy}>
            {labels.reapply}
          </Button>
        </>
      }
    >
      {fields.length ? (
        <div className="max-h-72 overflow-auto">
          <table className="w-full text-left text-sm">
            <thead>
              <tr>
                <th scope="col" className="py-1 pr-3 font-semibold">{labels.field}</th>
                <th scope="col" className="py-1 pr-3 font-semibold">{labels.theirs}</th>
                <th scope="col" className="py-1 font-semibold">{labels.yours}</th>
              </tr>
            </thead>
            <tbody>
              {fields.map((f) => (
                <tr key={f.label} className="border-t border-gray-200 align-top dark:border-gray-700">
                  <th scope="row" className="py-1 pr-3 font-medium">{f.label}</th>
                  <td className="py-1 pr-3 break-words">{f.theirs}</td>
                  <td className="py-1 break-words">{f.yours}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="text-sm">{labels.none}</p>
      )}
    </Dialog>
  );
}
