import { describe, expect, it } from 'vitest';
import { laidOver, refreshWindow } from '../../../../electron/services/office/refresh-window';

interface Item {
  version: number;
  text: string;
}
const item = (version: number, text = `v${version}`): Item => ({ version, text });
const newer = (streamed: Item, read: Item) => streamed.version > read.version;

describe('a refresh laid over what the stream delivered while it read', () => {
  it('records only while a refresh runs, for each refresh running, and forgets what the stream removed', async () => {
    const window = refreshWindow<Item>();
    window.saw('before', item(1));
    const seen: Array<string[]> = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = window.run(async (delivered) => {
      await gate;
      seen.push([...delivered.keys()]);
    });
    const second = window.run(async (delivered) => {
      await gate;
      seen.push([...delivered.keys()]);
    });
    window.saw('a', item(1));
    window.saw('b', item(1));
    window.forget('b');
    release();
    await Promise.all([first, second]);
    window.saw('after', item(1));
    expect(seen).toEqual([['a'], ['a']]);
  });

  it('keeps an item the stream delivered after the list was read (a refresh would otherwise drop it)', () => {
    const merged = laidOver([{ id: 'INC-1', data: item(3) }], new Map([['INC-2', item(1)]]), newer);
    expect(merged.map((m) => m.id)).toEqual(['INC-1', 'INC-2']);
  });

  it('takes the newer of two versions, whichever came first; without a rule the stream wins', () => {
    const read = [
      { id: 'a', data: item(2, 'read') },
      { id: 'b', data: item(5, 'read') },
    ];
    const delivered = new Map([
      ['a', item(3, 'streamed')],
      ['b', item(4, 'streamed')],
    ]);
    expect(laidOver(read, delivered, newer).map((m) => m.data.text)).toEqual(['streamed', 'read']);
    expect(laidOver(read, delivered).map((m) => m.data.text)).toEqual(['streamed', 'streamed']);
  });

  it('changes nothing when the stream was quiet', () => {
    const read = [
      { id: 'a', data: item(1) },
      { id: 'b', data: item(1) },
    ];
    expect(laidOver(read, new Map())).toEqual(read);
  });
});
