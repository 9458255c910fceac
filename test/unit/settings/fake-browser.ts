/**
 * A small in-memory fake of the webextension-polyfill object, for tests that vi.mock
 * src/shared/browser.ts. Storage areas behave like the real ones (deep copies, onChanged fired
 * asynchronously with oldValue/newValue); i18n reads the real _locales JSON so a missing string
 * shows up as an empty text in component tests.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { vi } from 'vitest';

type Listener = (changes: Record<string, { oldValue?: unknown; newValue?: unknown }>, area: string) => void;

function loadLocale(lang: 'en' | 'fr'): Record<string, { message: string }> {
  return JSON.parse(
    readFileSync(resolve(__dirname, `../../../public/_locales/${lang}/messages.json`), 'utf8'),
  );
}

export function localeMessages(lang: 'en' | 'fr'): Record<string, { message: string }> {
  return loadLocale(lang);
}

/** Chrome's substitution rules, reduced to what Vigie uses: $1…$9 positional placeholders. */
function format(message: string, subs: unknown): string {
  const list = subs === undefined ? [] : Array.isArray(subs) ? subs : [subs];
  return message.replace(/\$(\d)/g, (_, n: string) => String(list[Number(n) - 1] ?? ''));
}

/** permissions.onRemoved / onAdded: tests fire them with `.fire(details)`. */
function permissionEvent() {
  const ls = new Set<(p: unknown) => void>();
  return {
    addListener: (l: (p: unknown) => void) => ls.add(l),
    removeListener: (l: (p: unknown) => void) => ls.delete(l),
    fire: (p: unknown) => {
      for (const l of ls) l(p);
    },
  };
}

export function createFakeBrowser(opts: { uiLanguage?: string; syncFails?: boolean } = {}) {
  const listeners = new Set<Listener>();
  const uiLanguage = opts.uiLanguage ?? 'en-US';
  const locale = loadLocale(uiLanguage.toLowerCase().startsWith('fr') ? 'fr' : 'en');

  function area(name: 'sync' | 'local' | 'managed', fails = false) {
    const data = new Map<string, unknown>();
    const check = () => {
      if (fails) throw new Error(`storage.${name} is unavailable`);
    };
    return {
      data,
      get: vi.fn(async (keys?: string | string[] | null) => {
        check();
        const wanted = keys == null ? [...data.keys()] : Array.isArray(keys) ? keys : [keys];
        const out: Record<string, unknown> = {};
        for (const k of wanted) if (data.has(k)) out[k] = structuredClone(data.get(k));
        return out;
      }),
      set: vi.fn(async (items: Record<string, unknown>) => {
        check();
        const changes: Record<string, { oldValue?: unknown; newValue?: unknown }> = {};
        for (const [k, v] of Object.entries(items)) {
          changes[k] = { oldValue: data.get(k), newValue: structuredClone(v) };
          data.set(k, structuredClone(v));
        }
        queueMicrotask(() => {
          for (const l of listeners) l(changes, name);
        });
      }),
      remove: vi.fn(async (keys: string | string[]) => {
        check();
        // Like the real areas: removing a stored key fires onChanged with its oldValue only.
        const changes: Record<string, { oldValue?: unknown; newValue?: unknown }> = {};
        for (const k of Array.isArray(keys) ? keys : [keys]) {
          if (data.has(k)) changes[k] = { oldValue: data.get(k) };
          data.delete(k);
        }
        if (Object.keys(changes).length === 0) return;
        queueMicrotask(() => {
          for (const l of listeners) l(changes, name);
        });
      }),
    };
  }

  const fake = {
    storage: {
      sync: area('sync', opts.syncFails),
      local: area('local'),
      onChanged: {
        addListener: (l: Listener) => listeners.add(l),
        removeListener: (l: Listener) => listeners.delete(l),
        hasListener: (l: Listener) => listeners.has(l),
      },
    },
    i18n: {
      getUILanguage: vi.fn(() => uiLanguage),
      getMessage: vi.fn((key: string, subs?: unknown) => {
        const entry = locale[key];
        return entry ? format(entry.message, subs) : '';
      }),
    },
    runtime: {
      sendMessage: vi.fn(async (_message: unknown): Promise<unknown> => undefined),
      getURL: vi.fn((path: string) => `chrome-extension://fake-id/${path.replace(/^\//, '')}`),
      getManifest: vi.fn(() => ({ version: '0.1.0' })),
      openOptionsPage: vi.fn(async () => undefined),
    },
    tabs: {
      query: vi.fn(async (_q: unknown) => [{ id: 7, active: true }] as { id?: number; active?: boolean }[]),
      sendMessage: vi.fn(async (_tabId: number, _message: unknown): Promise<unknown> => undefined),
      update: vi.fn(async () => ({})),
      get: vi.fn(
        async (id: number) => ({ id, windowId: 1, active: true }) as { windowId?: number; active?: boolean },
      ),
      captureVisibleTab: vi.fn(
        async (_windowId?: number, _options?: unknown): Promise<string> =>
          'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      ),
    },
    permissions: {
      contains: vi.fn(async (_p: unknown) => true),
      request: vi.fn(async (_p: unknown) => true),
      onRemoved: permissionEvent(),
      onAdded: permissionEvent(),
    },
    /** Test helper: how many storage listeners are attached. */
    listenerCount: () => listeners.size,
  };
  return fake;
}

export type FakeBrowser = ReturnType<typeof createFakeBrowser>;

/** Waits for queued microtasks and promise chains (storage events, async loads) to settle. */
export async function flush(times = 5): Promise<void> {
  for (let i = 0; i < times; i++) await new Promise((r) => setTimeout(r, 0));
}
