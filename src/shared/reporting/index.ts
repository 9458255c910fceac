export { CHANNELS } from './channels';
export {
  type ChannelQuery,
  type ChannelSelection,
  defaultContext,
  selectChannels,
  suggestsDanger,
} from './select';
export * from './types';
