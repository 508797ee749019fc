// The office-days section's screens: a chunk of their own, loaded on first open (SectionFeature.load).
export { OfficeDaysView as View } from './OfficeDaysView';
