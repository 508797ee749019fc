// The settings section's screens: a chunk of their own, loaded on first open (SectionFeature.load).
export { SettingsView as View } from './SettingsView';
