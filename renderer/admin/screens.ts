// The admin section's screens: a chunk of their own, loaded on first open (SectionFeature.load).
export { AdminView as View } from './AdminView';
