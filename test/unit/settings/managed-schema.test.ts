/**
 * The committed public/managed_schema.json is generated from the settings catalogue: this fails
 * when someone changes the catalogue without regenerating (Bitwarden's managed-schema.spec.ts),
 * and checks the rules whose breach makes Chrome refuse to load the extension.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildManifest } from '../../../scripts/manifest';
import { SETTING_KEYS, SETTINGS_CATALOG } from '../../../src/shared/settings/catalog';
import { managedSchema, managedSchemaText, POLICY_ONLY_CATALOG } from '../../../src/shared/settings/policy';

const ROOT = resolve(__dirname, '../../..');

function walk(
  schema: Record<string, unknown>,
  path: string,
  visit: (s: Record<string, unknown>, p: string) => void,
) {
  visit(schema, path);
  const props = schema.properties as Record<string, Record<string, unknown>> | undefined;
  for (const [k, v] of Object.entries(props ?? {})) walk(v, `${path}.${k}`, visit);
  if (schema.items) walk(schema.items as Record<string, unknown>, `${path}[]`, visit);
}

describe('managed_schema.json', () => {
  it('is exactly what the catalogue generates (run `npx tsx scripts/gen-managed-schema.ts`)', () => {
    const committed = readFileSync(resolve(ROOT, 'public/managed_schema.json'), 'utf8');
    expect(committed).toBe(managedSchemaText());
  });

  it('declares every policy setting and policy-only key, with a title and description', () => {
    const props = managedSchema().properties as Record<string, Record<string, unknown>>;
    const expected = [
      ...SETTING_KEYS.filter((k) => SETTINGS_CATALOG[k].policy),
      ...Object.keys(POLICY_ONLY_CATALOG),
    ];
    expect(Object.keys(props).sort()).toEqual(expected.sort());
    for (const [key, p] of Object.entries(props)) {
      expect(typeof p.title, key).toBe('string');
      expect(String(p.description).length, key).toBeGreaterThan(20);
    }
  });

  it('follows the rules Chrome enforces at load time', () => {
    const schema = managedSchema();
    expect(schema.type).toBe('object');
    expect(schema).not.toHaveProperty('additionalProperties');
    const allowed = new Set(['string', 'boolean', 'integer', 'number', 'array', 'object']);
    walk(schema, '$', (s, p) => {
      // Exactly one of type / $ref per schema.
      expect(('type' in s ? 1 : 0) + ('$ref' in s ? 1 : 0), p).toBe(1);
      expect(allowed.has(String(s.type)), p).toBe(true);
      if (s.type === 'array') expect(s.items, p).toBeDefined();
      if (s.enum) expect(Array.isArray(s.enum) && s.enum.length > 0, p).toBe(true);
    });
  });

  it('is named by the Chrome manifest only (Firefox has no managed schema)', () => {
    expect(buildManifest('chrome').storage).toEqual({ managed_schema: 'managed_schema.json' });
    expect(buildManifest('firefox').storage).toBeUndefined();
  });
});
