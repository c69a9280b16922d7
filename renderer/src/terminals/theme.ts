// The terminals' colours, light or dark as the system is (prefers-color-scheme), like the rest of
// the window: background and text come from styles.css's variables so a terminal sits on its panel;
// the ANSI palettes are chosen to stay readable on each background.
import type { ITheme } from '@xterm/xterm';
import type { ISearchOptions } from '@xterm/addon-search';

export type Scheme = 'light' | 'dark';

const ANSI: Record<Scheme, Omit<ITheme, 'background' | 'foreground'>> = {
  light: {
    cursor: '#1d2433',
    cursorAccent: '#ffffff',
    selectionBackground: '#2457c540',
    black: '#24292f',
    red: '#cf222e',
    green: '#116329',
    yellow: '#7d4e00',
    blue: '#0969da',
    magenta: '#8250df',
    cyan: '#1b7c83',
    white: '#6e7781',
    brightBlack: '#57606a',
    brightRed: '#a40e26',
    brightGreen: '#1a7f37',
    brightYellow: '#633c01',
    brightBlue: '#218bff',
    brightMagenta: '#a475f9',
    brightCyan: '#3192aa',
    brightWhite: '#8c959f',
  },
  dark: {
    cursor: '#e6e9ef',
    cursorAccent: '#151922',
    selectionBackground: '#7aa2ff55',
    black: '#484f58',
    red: '#ff7b72',
    green: '#3fb950',
    yellow: '#d29922',
    blue: '#58a6ff',
    magenta: '#bc8cff',
    cyan: '#39c5cf',
    white: '#b1bac4',
    brightBlack: '#6e7681',
    brightRed: '#ffa198',
    brightGreen: '#56d364',
    brightYellow: '#e3b341',
    brightBlue: '#79c0ff',
    brightMagenta: '#d2a8ff',
    brightCyan: '#56d4dd',
    brightWhite: '#ffffff',
  },
};

/** Used when the page's variables cannot be read (they are what styles.css sets). */
const FALLBACK: Record<Scheme, { background: string; foreground: string }> = {
  light: { background: '#ffffff', foreground: '#1d2433' },
  dark: { background: '#1e2430', foreground: '#e6e9ef' },
};

/** Search highlights: the search addon takes #RRGGBB only. */
const MATCHES: Record<Scheme, NonNullable<ISearchOptions['decorations']>> = {
  light: { matchBackground: '#fff1a8', matchOverviewRuler: '#d4a72c', activeMatchBackground: '#ffb454', activeMatchColorOverviewRuler: '#bc4c00' },
  dark: { matchBackground: '#5c4a00', matchOverviewRuler: '#d29922', activeMatchBackground: '#9e6a03', activeMatchColorOverviewRuler: '#f0883e' },
};

const darkQuery = (): MediaQueryList => window.matchMedia('(prefers-color-scheme: dark)');

export function currentScheme(): Scheme {
  return darkQuery().matches ? 'dark' : 'light';
}

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

export function terminalTheme(scheme: Scheme): ITheme {
  return {
    ...ANSI[scheme],
    background: cssVar('--panel') || FALLBACK[scheme].background,
    foreground: cssVar('--fg') || FALLBACK[scheme].foreground,
  };
}

export function searchDecorations(scheme: Scheme): NonNullable<ISearchOptions['decorations']> {
  return MATCHES[scheme];
}

/** Calls `onChange` whenever the system switches between light and dark; returns the unsubscribe. */
export function onSchemeChange(onChange: (scheme: Scheme) => void): () => void {
  const query = darkQuery();
  const listener = () => onChange(query.matches ? 'dark' : 'light');
  query.addEventListener('change', listener);
  return () => query.removeEventListener('change', listener);
}
