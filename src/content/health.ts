/**
 * Whether Vigie can read the open chat, decided so that a page's ordinary churn cannot make the
 * answer flap.
 *
 *   selectors read a message          ──▶ 'active'    at once (positive evidence)
 *   nothing read, the conversation    ──▶ 'fallback'  "layout not recognised, rules may be
 *     pane shows text blocks                            outdated": the heuristic marks what it can
 *   nothing read, nothing shown       ──▶ 'idle'      no conversation open
 *
 * Any change other than to 'active' takes effect only once the page has asked for it
 * continuously for `delayMs`: a chat that is still rendering, a list rebuilt while scrolling or a
 * chat switch's animation cannot raise the alarm, and an alarm cannot drop for a moment's gap.
 * Page churn cannot postpone a change either: repeating the same wish keeps its start time.
 * Nothing here runs on a page the selectors read, apart from one comparison per pass.
 */
import type { ScanState } from '../shared/messages';

/** "For a few seconds": longer than a client takes to render an opened chat on a slow machine. */
export const HEALTH_DELAY_MS = 3000;

export interface GateDecision {
  state: ScanState;
  /** When a change is pending: ms until it can be decided (look again then). */
  recheckInMs: number | null;
}

export class StateGate {
  private current: ScanState = 'idle';
  private wanted: ScanState | null = null;
  private since = 0;

  constructor(private readonly delayMs: number = HEALTH_DELAY_MS) {}

  get state(): ScanState {
    return this.current;
  }

  /** What the latest pass saw. `now` in ms (performance.now()); `settle` applies it at once (tests). */
  propose(wanted: ScanState, now: number, settle = false): GateDecision {
    if (wanted === this.current) {
      this.wanted = null;
      return { state: this.current, recheckInMs: null };
    }
    if (wanted === 'active' || settle) return this.apply(wanted);
    if (this.wanted !== wanted) {
      this.wanted = wanted;
      this.since = now;
    }
    const left = this.since + this.delayMs - now;
    if (left <= 0) return this.apply(wanted);
    return { state: this.current, recheckInMs: left };
  }

  /** Vigie switched off, or a fresh start: idle, nothing pending. */
  reset(): void {
    this.current = 'idle';
    this.wanted = null;
  }

  private apply(state: ScanState): GateDecision {
    this.current = state;
    this.wanted = null;
    return { state, recheckInMs: null };
  }
}
