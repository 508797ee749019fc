// The keychain probe, run in a child so that a keychain that never answers can be killed (a hung
// keytar call blocks a libuv thread for good, and the process would then hang on quit). Node runs
// it in the browser host and the tests; the Electron app runs it as a utilityProcess, because a
// packaged app has the RunAsNode fuse off. One findCredentials, one line out: "ok" or the error.
const keytar = require(process.env.TELEWORKER_KEYTAR_PATH);
keytar.findCredentials(process.env.TELEWORKER_KEYCHAIN_SERVICE).then(
  () => {
    process.stdout.write('ok\n');
    process.exit(0);
  },
  (e) => {
    process.stdout.write(String((e && e.message) || e) + '\n');
    process.exit(2);
  },
);
