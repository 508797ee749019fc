// The team section's screens: a chunk of their own, loaded on first open (SectionFeature.load).
export { TeamView as View } from './TeamView';
