/**
 * Bundle validation seen from the background: text → facts the update pipeline decides on
 * (version, dates), or a refusal with a plain-words code. The real check is the engine's compiler
 * (the same one the content script runs), injected as `compile`, so the background never accepts a
 * bundle the content script would then fail to load.
 *
 * Runs only AFTER the signature has been verified (./update-pipeline.ts).
 */

export interface BundleFacts {
  version: number;
  /** ISO date-time, as written in the bundle. */
  published: string;
  /** ISO date-time, as written in the bundle. */
  expires: string;
  expiresAt: number;
}

export type RejectionCode = 'invalid-json' | 'invalid-rules';

export class BundleRejection extends Error {
  constructor(
    readonly code: RejectionCode,
    detail: string,
  ) {
    super(detail);
    this.name = 'BundleRejection';
  }
}

/** Takes JSON text, returns its facts or throws BundleRejection. */
export type BundleValidator = (raw: string) => BundleFacts;

/**
 * @param compile the engine's full validation (compileRuleSet): throws on any bad rule.
 */
export function createBundleValidator(compile: (parsed: unknown) => unknown): BundleValidator {
  return (raw) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      throw new BundleRejection('invalid-json', `not JSON: ${messageOf(error)}`);
    }
    const facts = readFacts(parsed);
    try {
      compile(parsed);
    } catch (error) {
      throw new BundleRejection('invalid-rules', messageOf(error));
    }
    return facts;
  };
}

/** The header fields the pipeline needs, checked here so a lenient compiler cannot skip them. */
function readFacts(parsed: unknown): BundleFacts {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new BundleRejection('invalid-rules', 'the bundle is not a JSON object');
  }
  const { version, published, expires } = parsed as Record<string, unknown>;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw new BundleRejection('invalid-rules', '"version" must be a positive whole number');
  }
  if (typeof published !== 'string' || Number.isNaN(Date.parse(published))) {
    throw new BundleRejection('invalid-rules', '"published" must be an ISO date-time');
  }
  const expiresAt = typeof expires === 'string' ? Date.parse(expires) : Number.NaN;
  if (typeof expires !== 'string' || Number.isNaN(expiresAt)) {
    throw new BundleRejection('invalid-rules', '"expires" must be an ISO date-time');
  }
  return { version, published, expires, expiresAt };
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}
