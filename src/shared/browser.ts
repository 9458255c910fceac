/**
 * The one place that imports webextension-polyfill: every browser API call in Vigie goes through
 * this module, so Chrome (callbacks/promises) and Firefox (promises) behave the same.
 */
import browser from 'webextension-polyfill';

export default browser;
export type { Runtime, Storage, Tabs } from 'webextension-polyfill';
