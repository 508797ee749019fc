// electron-builder beforePack hook: the icons exist before any target looks for them.
const { makeIcons } = require('./linux-desktop.cjs');

exports.default = async function beforePack() {
  makeIcons();
};
