/** What every route reads from the router context: the runtime config, the session and the API. */
import type { QueryClient } from '@tanstack/react-query';
import type { ApiClient } from '../../shared/api/client';
import type { Session } from '../../shared/session';

/** /config.json, written next to index.html when the app is served (npm start) or deployed. */
export interface RuntimeConfig {
  apiUrl: string;
  /** The shop's time zone for dates; the browser's when absent (the API has no shop time zone yet). */
  timeZone?: string;
}

export interface AppContext {
  config: RuntimeConfig;
  session: Session;
  api: ApiClient;
  queryClient: QueryClient;
}

/** Only a path of this app (never another origin) is a place to return to after sign-in. */
export const safeReturn = (target: string | undefined) => (target && target.startsWith('/') && !target.startsWith('//') ? target : '/');
