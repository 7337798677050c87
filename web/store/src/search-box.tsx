/**
 * The header's search with type-ahead: GET /search/suggestions as the shopper types (debounced, never
 * under MIN_CHARS, so a single letter costs no request), shown as an ARIA 1.2 combobox: focus stays in
 * the input and `aria-activedescendant` names the option Up/Down moved to; Enter searches for it (or
 * for the text), Escape closes the list. A click on an option searches for it too.
 */
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useRouteContext } from '@tanstack/react-router';
import { useEffect, useId, useState } from 'react';
import { unwrap } from '../../shared/api/client';
import { Button } from '../../shared/ui/button';
import { t } from './strings';

/** Shorter prefixes match too much of a catalog to be worth a request. */
const MIN_CHARS = 2;
/** Typing faster than this sends one request for the pause, not one per key. */
const DEBOUNCE_MS = 200;

function useDebounced(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function SearchBox() {
  const { api } = useRouteContext({ from: '__root__' });
  const navigate = useNavigate();
  const listId = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const prefix = useDebounced(text.trim(), DEBOUNCE_MS);
  const suggestions = useQuery({
    queryKey: ['search', 'suggestions', prefix],
    enabled: prefix.length >= MIN_CHARS,
    staleTime: 60_000,
    queryFn: async () => unwrap(await api.GET('/search/suggestions', { params: { query: { q: prefix } } })).suggestions,
  });
  const options = text.trim().length >= MIN_CHARS ? (suggestions.data ?? []) : [];
  const shown = open && options.length > 0;
  const optionId = (i: number) => `${listId}-option-${i}`;

  const search = (q: string) => {
    setOpen(false);
    setActive(-1);
    setText(q);
    void navigate({ to: '/search', search: q ? { q } : {} });
  };

  return (
    <form
      role="search"
      className="relative order-last flex w-full gap-2 sm:order-none sm:w-auto"
      onSubmit={(event) => {
        event.preventDefault();
        search(shown && active >= 0 ? options[active]! : text.trim());
      }}
    >
      <label htmlFor="store-search" className="sr-only">
        {t('search.label')}
      </label>
      <input
        id="store-search"
        name="q"
        type="search"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={shown}
        aria-controls={listId}
        aria-activedescendant={shown && active >= 0 ? optionId(active) : undefined}
        placeholder={t('search.label')}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onBlur={() => setOpen(false)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            if (!shown) return setOpen(true);
            const step = event.key === 'ArrowDown' ? 1 : -1;
            // -1 is the text itself: past either end the highlight comes back to it, then wraps.
            setActive((i) => ((i + 1 + step + options.length + 1) % (options.length + 1)) - 1);
          } else if (event.key === 'Escape' && shown) {
            // Only the list closes; a second Escape is the browser's (a search input clears itself).
            event.preventDefault();
            setOpen(false);
            setActive(-1);
          }
        }}
        className="min-w-0 flex-1 rounded-md border border-gray-300 bg-white px-3 py-2 text-sm dark:border-gray-700 dark:bg-gray-900"
      />
      <Button type="submit" variant="secondary">
        {t('search.submit')}
      </Button>
      <ul id={listId} role="listbox" aria-label={t('search.suggestions')} hidden={!shown} className="absolute top-full right-0 left-0 z-40 mt-1 rounded-md border border-gray-300 bg-white py-1 text-sm shadow-lg dark:border-gray-700 dark:bg-gray-900">
        {options.map((option, i) => (
          <li
            key={option}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            className={`cursor-pointer px-3 py-2 ${i === active ? 'bg-blue-100 dark:bg-blue-900' : ''}`}
            // Before the input's blur closes the list.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => search(option)}
          >
            {option}
          </li>
        ))}
      </ul>
    </form>
  );
}
