// The app's icons in the usual sizes, rasterised from resources/icon.svg with rsvg-convert
// (Debian's librsvg2-bin; scripts/setup-system.sh installs it), and the Linux desktop entry that
// registers the teleworker:// scheme. Generated at pack time into build/ (never committed); the
// electron-builder hooks (scripts/before-pack.cjs, scripts/after-pack.cjs) call these.
const { execFileSync } = require('node:child_process');
const { mkdirSync, statSync, existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const SCHEME = 'teleworker';

/** build/icons/<n>x<n>.png for every size (Linux picks from the folder) and build/icon.png (1024, for macOS and Windows). */
function makeIcons(outDir = join(root, 'build')) {
  const svg = join(root, 'resources', 'icon.svg');
  const icons = join(outDir, 'icons');
  mkdirSync(icons, { recursive: true });
  const svgTime = statSync(svg).mtimeMs;
  const made = [];
  for (const size of SIZES) {
    const png = join(icons, `${size}x${size}.png`);
    if (!existsSync(png) || statSync(png).mtimeMs < svgTime) {
      try {
        execFileSync('rsvg-convert', ['-w', String(size), '-h', String(size), '-o', png, svg], { stdio: 'pipe' });
      } catch (error) {
        throw new Error(`rsvg-convert failed (install librsvg2-bin: npm run setup:system): ${error.message}`, {
          cause: error,
        });
      }
    }
    made.push(png);
  }
  execFileSync('cp', [join(icons, '1024x1024.png'), join(outDir, 'icon.png')]);
  return made;
}

/** The freedesktop.org entry: launcher, icon name, and teleworker:// links handed to the app. */
function desktopEntry({
  exec = '/opt/Teleworker/teleworker',
  comment = "Desktop client for people who work from home on the office's systems",
} = {}) {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Teleworker',
    `Comment=${comment}`,
    `Exec=${exec} %U`,
    'Icon=teleworker',
    'Terminal=false',
    'Categories=Office;',
    `MimeType=x-scheme-handler/${SCHEME};`,
    'StartupWMClass=Teleworker',
    '',
  ].join('\n');
}

module.exports = { makeIcons, desktopEntry, SIZES, SCHEME };

if (require.main === module) {
  for (const file of makeIcons()) console.log(file);
}
