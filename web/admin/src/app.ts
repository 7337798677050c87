/** What every route reads from the router context: the runtime config, the session and the API. */
import type { QueryClient } from '@tanstack/react-query';
import { unwrap, type ApiClient } from '../../shared/api/client';
import type { Session } from '../../shared/session';

/** /config.json, written next to index.html when the app is served (npm start) or deployed. */
export interface RuntimeConfig {
  apiUrl: string;
  /**
   * The zone dates are shown in: the shop's (its settings' `timeZone`, set by loadShopTimeZone once
   * signed in and by the settings screen on a change), else the deployment's, else the browser's.
   */
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

/** The zone /config.json gave, kept before the shop's replaces it (a shop that clears its zone goes back to it). */
const deploymentZones = new WeakMap<RuntimeConfig, string | undefined>();

/** Dates from now on in the shop's zone (`undefined`: the deployment's, else the browser's). */
export function applyShopTimeZone(config: RuntimeConfig, zone: string | undefined): void {
  if (!deploymentZones.has(config)) deploymentZones.set(config, config.timeZone);
  config.timeZone = zone ?? deploymentZones.get(config);
}

/** The settings every signed-in screen shares (the time zone); the settings screen reads the same entry. */
export const SETTINGS_QUERY = ['settings'] as const;

/**
 * Before the first signed-in screen: the shop's time zone from GET /settings (every staff role may
 * read it), once per session. A role that may not read it, or an error, keeps the zone as it was.
 */
export async function loadShopTimeZone({ api, config, queryClient }: Pick<AppContext, 'api' | 'config' | 'queryClient'>): Promise<void> {
  try {
    const settings = await queryClient.fetchQuery({ queryKey: SETTINGS_QUERY, staleTime: Infinity, queryFn: async () => unwrap(await api.GET('/settings')) });
    applyShopTimeZone(config, settings.timeZone);
  } catch {
    // Dates then stay in the deployment's or the browser's zone: nothing else depends on it.
  }
}
