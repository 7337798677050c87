import { Button } from './button';

/** Previous / next over the API's cursors; a missing side is disabled (first or last page). */
export function Pager({ onPrevious, onNext, labels }: { onPrevious?: () => void; onNext?: () => void; labels: { nav: string; previous: string; next: string } }) {
  return (
    <nav aria-label={labels.nav} className="mt-4 flex justify-between gap-2">
      <Button variant="secondary" disabled={!onPrevious} onClick={onPrevious}>
        ← {labels.previous}
      </Button>
      <Button variant="secondary" disabled={!onNext} onClick={onNext}>
        {labels.next} →
      </Button>
    </nav>
  );
}
