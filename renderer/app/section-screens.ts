// A section's screens live in a chunk of their own (SectionFeature.load), so the sign-in screen and
// the frame load none of them. This is the one place that fetches them: once per section for the
// window's life, shared by the frame (first open) and the rail (prefetch on hover or focus).
import { useEffect, useState } from 'react';
import type { Section, SectionScreens } from './feature';

const loaded = new WeakMap<Section, SectionScreens>();
const loading = new WeakMap<Section, Promise<SectionScreens>>();

/** The section's screens, fetching them the first time; a failed fetch is not remembered (try again works). */
export function loadScreens(section: Section): Promise<SectionScreens> {
  const done = loaded.get(section);
  if (done) return Promise.resolve(done);
  let pending = loading.get(section);
  if (!pending) {
    pending = section.load().then(
      (screens) => {
        loaded.set(section, screens);
        loading.delete(section);
        return screens;
      },
      (error: unknown) => {
        loading.delete(section);
        throw error;
      },
    );
    loading.set(section, pending);
  }
  return pending;
}

/** Warms the chunk ahead of a click (rail hover or focus); a failure shows when the section opens. */
export function prefetchScreens(section: Section): void {
  loadScreens(section).catch(() => {});
}

export type ScreensState =
  { status: 'ready'; screens: SectionScreens } | { status: 'loading' } | { status: 'failed'; retry(): void };

/**
 * The current section's screens: already fetched ones at once (no flash of a placeholder when a
 * section is opened again), else 'loading' until its chunk arrives.
 */
export function useSectionScreens(section: Section | undefined): ScreensState {
  const [, setVersion] = useState(0);
  const [failed, setFailed] = useState<Section | null>(null);
  const ready = section ? loaded.get(section) : undefined;
  useEffect(() => {
    if (!section || ready || failed === section) return;
    let live = true;
    loadScreens(section).then(
      () => live && setVersion((v) => v + 1),
      () => live && setFailed(section),
    );
    return () => {
      live = false;
    };
  }, [section, ready, failed]);
  if (ready) return { status: 'ready', screens: ready };
  if (section && failed === section) return { status: 'failed', retry: () => setFailed(null) };
  return { status: 'loading' };
}
