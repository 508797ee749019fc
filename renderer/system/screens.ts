// The help section's screens: a chunk of their own, loaded on first open (SectionFeature.load).
export { HelpView as View } from './HelpView';
