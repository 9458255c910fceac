import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UPDATE_ERROR_CODES } from '../../../src/background/update-pipeline';

describe('update error codes', () => {
  it.each(['en', 'fr'])('each has plain words in the %s locale (error_<code>)', (lang) => {
    const messages = JSON.parse(readFileSync(`public/_locales/${lang}/messages.json`, 'utf8')) as Record<
      string,
      { message?: string }
    >;
    const missing = UPDATE_ERROR_CODES.filter(
      (code) => !messages[`error_${code.replaceAll('-', '_')}`]?.message,
    );
    expect(missing).toEqual([]);
  });
});
