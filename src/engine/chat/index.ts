/** The chat-level verdict: "does this chat, as a whole, look like a shop?" (issue 15). */
export { type ChatReason, describeChat } from './describe';
export { CHAT_SIGNALS, type ChatSignal, type MessageFacts, messageFacts } from './facts';
export { CHAT_EXPLAIN_ROLES, type ChatSection } from './section';
export {
  type ChatCounts,
  type ChatDecision,
  ChatTally,
  type ChatVerdict,
  decide,
  MAX_CHAT_KEYS,
  Support,
  supportOf,
} from './tally';
