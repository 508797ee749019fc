// The chat section's screens: a chunk of their own, loaded on first open (SectionFeature.load).
export { ChatView as View } from './ChatView';
