/** Thrown when a rule bundle (or one of its rules) is malformed. The message names the rule and the reason. */
export class RuleSetError extends Error {
  override name = 'RuleSetError';
  constructor(
    message: string,
    /** Path inside the bundle, e.g. "rules[12] (drugs.fr.slang).terms[3]". */
    readonly path: string = '',
  ) {
    super(path ? `${path}: ${message}` : message);
  }
}
