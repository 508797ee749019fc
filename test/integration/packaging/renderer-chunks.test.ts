// The production build of the renderer loads what the screen needs: the sign-in screen and the
// frame load no section's screens, each section is a chunk of its own fetched on its first visit,
// markdown-it and zod come with the sections that use them, and one language's words at a time.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sections } from '../../../renderer/app/features';
import { readRendererChunks } from '../../fixtures/renderer-manifest';

// The real build (npm test builds before vitest runs; alone, run `npx electron-vite build` first).
const built = join(import.meta.dirname, '../../../out/renderer');
const rendererSources = join(import.meta.dirname, '../../../renderer');
const hasBuild = existsSync(join(built, '.vite/manifest.json'));
if (!hasBuild) console.log('SKIP renderer chunk checks: out/renderer has no manifest (npx electron-vite build)');

// Text that only these libraries' code carries, so a chunk that holds them can be told by its bytes.
const MARKDOWN_IT = 'Parser rule not found';
const ZOD = '_zod';

describe.skipIf(!hasBuild)("the renderer build's chunks", () => {
  const chunks = hasBuild ? readRendererChunks(built) : null!;
  const text = (file: string) => readFileSync(join(built, file), 'utf8');
  // every folder with a screens module is a lazily registered section (renderer/app/features.ts)
  const folders = readdirSync(rendererSources).filter((d) =>
    ['screens.ts', 'screens.tsx'].some((f) => existsSync(join(rendererSources, d, f))),
  );

  it('gives every registered section a chunk of its own', () => {
    expect(folders.length).toBe(sections.length);
    expect([...chunks.sections.keys()].sort()).toEqual([...folders].sort());
    expect(new Set(chunks.sections.values()).size).toBe(sections.length);
    for (const folder of folders)
      expect(chunks.sectionLoads(folder).has(chunks.sections.get(folder)!), folder).toBe(true);
  });

  it('loads no section, no markdown-it and no zod with the sign-in screen and the frame', () => {
    const initial = [...chunks.initial];
    expect(initial.length).toBeGreaterThan(0);
    for (const [folder, file] of chunks.sections) expect(initial, `the ${folder} section`).not.toContain(file);
    for (const file of initial) {
      expect(text(file), file).not.toContain(MARKDOWN_IT);
      expect(text(file), file).not.toContain(ZOD);
    }
    // they are in the build, with the sections that use them
    expect(folders.some((f) => [...chunks.sectionLoads(f)].some((file) => text(file).includes(MARKDOWN_IT)))).toBe(
      true,
    );
    expect(folders.some((f) => [...chunks.sectionLoads(f)].some((file) => text(file).includes(ZOD)))).toBe(true);
  });

  it("leaves the frame's occasional panels out of the first screen, each fetched when first opened", () => {
    for (const source of ['app/ShortcutsDialog.tsx', 'status/StatusDetails.tsx', 'sync/SyncPanel.tsx']) {
      const chunk = chunks.manifest[source];
      expect(chunk?.isDynamicEntry, source).toBe(true);
      expect([...chunks.initial], source).not.toContain(chunk!.file);
    }
  });

  it("fetches one language's words at a time, none of them bundled with the first screen", () => {
    expect([...chunks.words.keys()].sort()).toEqual(['en', 'id']);
    for (const file of chunks.words.values()) expect([...chunks.initial]).not.toContain(file);
  });
});
