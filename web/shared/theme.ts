/**
 * Light and dark themes: the OS decides until the user picks one with the toggle; the choice is
 * kept in localStorage. index.html applies it before the first paint (no flash of the wrong theme).
 */
export type ThemeChoice = 'system' | 'light' | 'dark';
export const THEME_KEY = 'shopstream.theme';

export function themeChoice(): ThemeChoice {
  const stored = localStorage.getItem(THEME_KEY);
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

export function isDark(choice = themeChoice()): boolean {
  return choice === 'dark' || (choice === 'system' && matchMedia('(prefers-color-scheme: dark)').matches);
}

const CHANGED = 'shopstream-theme';

export function applyTheme(choice = themeChoice()): void {
  document.documentElement.classList.toggle('dark', isDark(choice));
  document.documentElement.style.colorScheme = isDark(choice) ? 'dark' : 'light';
  window.dispatchEvent(new Event(CHANGED));
}

/** Told whenever the shown theme may have changed (the toggle, or the OS while it is followed); for useSyncExternalStore. */
export function onThemeChange(listener: () => void): () => void {
  window.addEventListener(CHANGED, listener);
  return () => window.removeEventListener(CHANGED, listener);
}

/** The toggle flips what is shown now; picking what the OS says goes back to following the OS. */
export function toggleTheme(): ThemeChoice {
  const next = isDark() ? 'light' : 'dark';
  const osDark = matchMedia('(prefers-color-scheme: dark)').matches;
  if ((next === 'dark') === osDark) localStorage.removeItem(THEME_KEY);
  else localStorage.setItem(THEME_KEY, next);
  applyTheme();
  return themeChoice();
}

/** Follow the OS while the user has not chosen. */
export function followSystemTheme(): void {
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => applyTheme());
}
