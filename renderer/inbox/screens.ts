// The inbox's screens: a chunk of their own, loaded on first open (SectionFeature.load).
export { InboxView as View } from './InboxView';
export { InboxHeader as HeaderActions } from './InboxHeader';
