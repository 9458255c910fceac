import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateSites } from '../../../src/engine/ruleset/sites';

const DIR = resolve(import.meta.dirname, '../../../rules/sites');

describe('rules/sites/*.json', () => {
  it('every shipped client file is valid, and the three clients are there', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
    expect(files.sort()).toEqual(['snapchat.json', 'telegram-a.json', 'telegram-k.json', 'whatsapp.json']);
    const sites = Object.fromEntries(
      files.map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(resolve(DIR, f), 'utf8'))]),
    );
    expect(validateSites(sites)).toEqual([]);
  });

  it('never relies on obfuscated class names', () => {
    for (const f of readdirSync(DIR)) {
      const text = readFileSync(resolve(DIR, f), 'utf8');
      // WhatsApp-style hashed classes: "._amk4", ".x78zum5"; tweb/telegram-tt module hashes ".Ax1b2c3"
      expect(text, f).not.toMatch(/\.(?:_[a-z0-9]{3,5}|x[a-z0-9]{5,8})\b/);
    }
  });
});

describe('validateSites', () => {
  const good = {
    root: ['#main'],
    message: ['[data-id]'],
    text: [],
    textExclude: [],
    service: [],
    sender: [],
    forwarded: [],
    chatTitle: [],
    badgeAnchor: [],
    watchAttributes: ['data-id'],
  };

  it('accepts a well-formed client', () => {
    expect(validateSites({ whatsapp: good })).toEqual([]);
    expect(validateSites({})).toEqual([]);
  });

  it('reports each problem clearly', () => {
    expect(validateSites(null)).toEqual(['sites: expected an object']);
    expect(validateSites([])).toEqual(['sites: expected an object']);
    expect(validateSites({ 'Bad Id': good })[0]).toMatch(/not a lowercase id/);
    expect(validateSites({ w: 3 })).toEqual(['sites.w: expected an object']);
    expect(validateSites({ w: { ...good, extra: [] } })).toEqual(['sites.w: unknown field "extra"']);
    expect(validateSites({ w: { ...good, message: [] } })).toEqual([
      'sites.w.message: needs at least one entry',
    ]);
    expect(validateSites({ w: { ...good, text: 'span' } })).toEqual([
      'sites.w.text: expected an array of strings',
    ]);
    expect(validateSites({ w: { ...good, text: [''] } })).toEqual([
      'sites.w.text[0]: expected a non-empty string',
    ]);
    expect(validateSites({ w: { ...good, root: ['a{color:red}'] } })).toEqual([
      'sites.w.root[0]: selectors may not contain { } or ;',
    ]);
    expect(validateSites({ w: { ...good, watchAttributes: ['on click'] } })[0]).toMatch(
      /not an attribute name/,
    );
    expect(validateSites({ w: { ...good, root: ['x'.repeat(401)] } })[0]).toMatch(/longer than 400/);
    const { root: _r, ...missing } = good;
    expect(validateSites({ w: missing })).toEqual(['sites.w.root: expected an array of strings']);
  });
});
