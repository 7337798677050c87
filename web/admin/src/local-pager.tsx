/**
 * Paging of a list that is part of a page (a coupon's ledger, the shipping zones beside their
 * methods): the cursor trail is the component's state, as the URL holds the page's own list.
 */
import { useState } from 'react';
import { Pager } from '../../shared/ui/pager';
import { t } from './strings';

export function useCursorTrail() {
  const [trail, setTrail] = useState<(string | undefined)[]>([undefined]);
  return {
    cursor: trail[trail.length - 1],
    first: trail.length === 1,
    /** The pager for a page whose next cursor is `next`; nothing on a single page. */
    pager: (next: string | undefined) =>
      trail.length > 1 || next ? (
        <Pager
          labels={{ nav: t('common.paging'), previous: t('common.previous'), next: t('common.next') }}
          onPrevious={trail.length > 1 ? () => setTrail(trail.slice(0, -1)) : undefined}
          onNext={next ? () => setTrail([...trail, next]) : undefined}
        />
      ) : null,
  };
}
