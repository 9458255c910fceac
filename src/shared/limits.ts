/**
 * How much of one message Vigie reads. A listing shows itself early, and the cap bounds the time
 * and memory one message can cost: a hostile page or file can hold a megabyte in one message.
 * The content script cuts page text here, the export readers cut each message here.
 */
export const MAX_MESSAGE_LENGTH = 16_384;

/** The note an export reader adds when it cut messages (src/check/warning-text.ts translates it). */
export function cutMessagesWarning(count: number): string {
  return `${count} message(s) longer than ${MAX_MESSAGE_LENGTH} characters were checked on their first ${MAX_MESSAGE_LENGTH} only.`;
}
