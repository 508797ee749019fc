// The work session section's screens: a chunk of their own, loaded on first open (SectionFeature.load).
export { SessionView as View } from './SessionView';
