// electron-builder afterPack hook. Linux: the unpacked app (dir, tar.gz) gets the desktop entry and
// the icons beside the binary, for IT to install where their desktops look (docs/deploying.md);
// deb, rpm and AppImage write their own from electron-builder.yml.
const { copyFileSync, mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { desktopEntry, SIZES } = require('./linux-desktop.cjs');

exports.default = async function afterPack(context) {
  if (context.electronPlatformName !== 'linux') return;
  const out = context.appOutDir;
  writeFileSync(join(out, 'teleworker.desktop'), desktopEntry());
  for (const size of SIZES.filter((s) => s <= 512)) {
    const dir = join(out, 'icons', 'hicolor', `${size}x${size}`, 'apps');
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(__dirname, '..', 'build', 'icons', `${size}x${size}.png`), join(dir, 'teleworker.png'));
  }
};
