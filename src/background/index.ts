/**
 * Background entry: a Chrome MV3 service worker, a Firefox event page, same code.
 *
 *   module start ──▶ restrict storage.local (Chrome) ▸ ready = ensureActive() ▸ ensureAlarm()
 *   alarms.onAlarm ─▶ runCheck ─▶ re-arm alarm
 *   runtime.onMessage ─▶ get-status | check-now | get-rules | read-local   (each awaits `ready`)
 *   storage.onChanged ─▶ managed: re-read the policy; local: announce changes to content
 *                        scripts (a message to each tab), and re-check the active set's key when the
 *                        policy changed (an organisation key that is gone no longer vouches)
 *   onInstalled / onStartup ─▶ only wake the worker; `ready` already does the work
 *
 * Every listener is registered synchronously at top level: one added after an `await` or inside
 * onInstalled is gone when the worker restarts
 * (https://developer.chrome.com/docs/extensions/develop/concepts/service-workers/events).
 * The only state kept in this module is promises; everything that matters is in storage.local.
 */
import { verifyDetached } from '../engine/crypto/verify';
import { compileRuleSet } from '../engine/index';
import browser from '../shared/browser';
import {
  FEED_CONFIG,
  FETCH_TIMEOUT_MS,
  MAX_BUNDLE_BYTES,
  MAX_SIGNATURE_BYTES,
  UPDATE_INTERVAL_MINUTES,
  UPDATE_JITTER_MINUTES,
} from '../shared/feed-config';
import type { RulesStatus } from '../shared/messages';
import { ensureDismissalSalt, migrateLegacyDismissals } from '../shared/settings/dismissals';
import { loadTranslator } from '../shared/settings/i18n';
import { POLICY_CACHE_KEY } from '../shared/settings/keys';
import { loadPolicy, loadSettings, onSettingsChanged } from '../shared/settings/store';
import { ANNOUNCED_KEYS, type LocalChangedNotice } from '../shared/storage-keys';
import { fetchLimited } from './feed-fetch';
import { type ExtraFeeds, planFeeds } from './feed-sources';
import { createMessageHandler } from './messaging';
import { type PolicyDeps, refreshPolicy } from './policy';
import { watchProtection } from './protection-watch';
import { createRulesetStore } from './ruleset-store';
import { type CheckDeps, ensureActive, readChecked, runCheck } from './ruleset-updater';
import { ensureAlarm, nextAfterCheck, type ScheduleConfig, scheduleFor, UPDATE_ALARM } from './schedule';
import { noteRefusedSync, reconcileKeptSettings, type SyncGuardDeps } from './sync-guard';
import { TabBadges, type Translate } from './tab-badge';
import { createBundleValidator } from './validate-bundle';
import { noteUpdate } from './whats-new';

const buildSchedule = { intervalMinutes: UPDATE_INTERVAL_MINUTES, jitterMinutes: UPDATE_JITTER_MINUTES };
const store = createRulesetStore(browser.storage.local);
const now = () => Date.now();

const validate = createBundleValidator(compileRuleSet);
const verify = (bytes: Uint8Array, signature: string, keys: readonly string[]) =>
  verifyDetached(crypto.subtle, bytes, signature, keys);

const deps: CheckDeps = {
  store,
  validate,
  verify,
  extensionVersion: browser.runtime.getManifest().version,
  now,
  // A read from the extension package, not the network.
  async loadEmbedded() {
    const response = await fetch(browser.runtime.getURL('rules/bundle.json'));
    if (!response.ok) throw new Error(`embedded rules/bundle.json: HTTP ${response.status}`);
    return response.text();
  },
  // Read at every check, so a policy change applies without a restart.
  async feeds() {
    return planFeeds(FEED_CONFIG, await readExtraFeeds());
  },
  pipeline: {
    fetchBundle: (url) => fetchLimited(url, { maxBytes: MAX_BUNDLE_BYTES, timeoutMs: FETCH_TIMEOUT_MS }),
    fetchSignature: (url) =>
      fetchLimited(url, { maxBytes: MAX_SIGNATURE_BYTES, timeoutMs: FETCH_TIMEOUT_MS }),
    verify,
    validate,
    now,
  },
};

/** Feeds and keys an organisation adds by policy (checked and cached by ./policy.ts). */
async function readExtraFeeds(): Promise<ExtraFeeds> {
  const { policy } = await loadPolicy();
  return { urls: policy.extraFeedUrls, keys: policy.extraFeedKeys };
}

/** The build's schedule, or the organisation's interval clamped to 1 h … 7 d. */
async function currentSchedule(): Promise<ScheduleConfig> {
  const { policy } = await loadPolicy();
  return scheduleFor(policy.updateIntervalMinutes ?? undefined, buildSchedule);
}

const policyDeps: PolicyDeps = {
  // Chrome answers {} without a policy; Firefox rejects, and refreshPolicy treats that as none.
  readManaged: () => browser.storage.managed.get(null),
  local: browser.storage.local,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Start-up waits for the first policy read (so a policy feed is asked at once), not for the
 * re-reads of an empty managed area: those must not hold back the embedded rules.
 */
let firstPolicyRead = () => {};
const policyFirstRead = new Promise<void>((resolve) => {
  firstPolicyRead = resolve;
});
void refreshPolicy(policyDeps, () => firstPolicyRead());

/**
 * Chrome ≥ 140: storage.local for the extension's own pages and worker only, so a compromised
 * chat renderer cannot write rules, dismissals or the policy cache (content scripts read what they
 * need through this worker: ../shared/storage-access.ts). Firefox has no such call for
 * storage.local (https://bugzil.la/1724754): nothing changes there. Resolves true when restricted.
 */
async function restrictStorage(): Promise<boolean> {
  const local = browser.storage.local as unknown as {
    setAccessLevel?: (o: { accessLevel: string }) => Promise<void>;
  };
  if (typeof local.setAccessLevel !== 'function') return false;
  try {
    await local.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
    return true;
  } catch {
    return false; // Chrome before 140 supports it for storage.session only
  }
}
const storageRestricted = restrictStorage();

/** Tells every tab's content script which announced keys changed (they cannot see it themselves). */
async function announceLocalChange(keys: string[]): Promise<void> {
  if (!(await storageRestricted)) return; // content scripts see storage.local events themselves
  const notice: LocalChangedNotice = { type: 'bg-cs/local-changed', keys };
  // tabs.query needs no permission for ids; a tab without Vigie's content script just rejects.
  const tabs = await browser.tabs.query({});
  await Promise.all(
    tabs.map((tab) =>
      typeof tab.id === 'number'
        ? browser.tabs.sendMessage(tab.id, notice, { frameId: 0 }).catch(() => undefined)
        : undefined,
    ),
  );
}

async function start(): Promise<void> {
  await policyFirstRead;
  await ensureActive(deps);
  const { status } = await store.read();
  await ensureAlarm(browser.alarms, now(), status.lastCheck, await currentSchedule(), Math.random);
}

const ready = start().catch((error: unknown) => {
  // Not fatal for messaging: get-status still answers from storage. Never includes page text.
  console.error('Vigie: background start-up failed', error);
});

/** Concurrent requests (alarm + "check now") share one run instead of queueing a second fetch. */
let inflight: Promise<RulesStatus> | null = null;
function checkNow(): Promise<RulesStatus> {
  inflight ??= (async () => {
    try {
      await ready;
      const { status } = await runCheck(deps);
      return status;
    } finally {
      const schedule = await currentSchedule();
      await browser.alarms.create(UPDATE_ALARM, { when: nextAfterCheck(now(), schedule, Math.random) });
      inflight = null;
    }
  })();
  return inflight;
}

browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === UPDATE_ALARM) return checkNow().then(() => undefined);
  return undefined;
});

/** The UI language's translator, loaded once per worker life and again when the setting changes. */
let translator: Promise<Translate> | null = null;
const translate = (): Promise<Translate> => {
  translator ??= loadSettings()
    .then((s) => loadTranslator(s.language))
    .catch(() => loadTranslator('auto'))
    .then((tr) => tr.t);
  return translator;
};

// Per-tab toolbar badges from the content scripts' reports (state and counts only). The reports
// are kept in storage.session so the options page's status survives the worker's restarts.
const badges = new TabBadges({ action: browser.action, translate, store: browser.storage.session });

browser.runtime.onMessage.addListener(
  createMessageHandler({
    store,
    ready: () => ready,
    checkNow,
    readRules: () => readChecked(deps),
    readLocal: (keys) => browser.storage.local.get(keys),
    now,
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL(''),
    badges,
  }),
);

// A closed tab, or a tab showing another page, no longer shows what its old page reported. A
// chat page's content script reports again as soon as it starts; after any load (Chrome also
// says 'loading' for a chat switch inside the page) the tab is asked what it shows now.
browser.tabs.onRemoved.addListener((tabId) => {
  void badges.forget(tabId, { closed: true }).catch(() => undefined);
});
browser.tabs.onUpdated.addListener((tabId, change) => {
  const { status } = change;
  if (status !== 'loading' && status !== 'complete') return;
  const ask = () => browser.tabs.sendMessage(tabId, { type: 'bg-cs/get-report' }, { frameId: 0 });
  void badges.pageLoad(tabId, status, ask).catch(() => undefined);
});

// Listening is what makes the browser start the worker at these moments; `ready` does the work.
// A first install also opens the welcome page (what Vigie does, the privacy promise, the country,
// and in Firefox the chat sites' permission). tabs.create needs no permission.
browser.runtime.onInstalled.addListener((details) => {
  if (details.reason === 'install') {
    void browser.tabs
      .create({ url: browser.runtime.getURL('src/welcome/index.html') })
      .catch(() => undefined);
  }
  // After an update: a one-time "what's new" in the popup and options, if anything visible changed.
  void noteUpdate(details, {
    currentVersion: browser.runtime.getManifest().version,
    set: (items) => browser.storage.local.set(items),
  }).catch(() => undefined);
  return ready;
});
browser.runtime.onStartup.addListener(() => ready);

// Chrome publishes policy changes here (Firefox reads policies.json at start-up only). A new
// interval re-plans the alarm; the settings follow through the cache's own onChanged.
browser.storage.onChanged.addListener((changes, area) => {
  if (area === 'local') {
    const keys = ANNOUNCED_KEYS.filter((k) => k in changes);
    if (keys.length > 0) void announceLocalChange(keys).catch(() => undefined);
    // The checked policy changed (also once at start-up when an empty policy replaces a cached
    // one): the active set's key may no longer be trusted.
    if (POLICY_CACHE_KEY in changes) void ready.then(() => ensureActive(deps)).catch(() => undefined);
    return;
  }
  if (area !== 'managed') return;
  void refreshPolicy(policyDeps)
    .then(async () => {
      await ready;
      const { status } = await store.read();
      await ensureAlarm(browser.alarms, now(), status.lastCheck, await currentSchedule(), Math.random);
    })
    .catch(() => undefined);
});

// A new UI language re-renders the badges' titles.
onSettingsChanged(() => {
  translator = null;
  void badges.setShared({}).catch(() => undefined);
});

// While a parent PIN is set, settings are kept on this device: a change synced from another
// computer is noted for the options page, never applied (issue 17, point 9).
const syncGuard: SyncGuardDeps = { local: browser.storage.local, sync: browser.storage.sync, now };
void reconcileKeptSettings(syncGuard).catch(() => undefined);
browser.storage.onChanged.addListener((changes, area) => {
  void noteRefusedSync(syncGuard, changes, area).catch(() => undefined);
});

// The browser's own switches (site access, per-site toggles) can stop Vigie reading the chat
// sites: record since when, and show it on the toolbar badge (issue 17, point 11).
watchProtection(badges, now);

// Dismissals are salted hashes (issue 17, point 13): the salt is made once per install, and a
// list kept in clear by an older version is hashed, trimmed to 90 days and removed.
void ensureDismissalSalt()
  .then(() => migrateLegacyDismissals())
  .catch(() => undefined);
