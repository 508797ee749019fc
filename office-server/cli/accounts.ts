// `office-server create-admin | set-password | disable | enable USERNAME`: the first administrator
// of a real office and the way back in when nobody can sign in. Works on the configured database
// (the SQLite file in the data directory, or DATABASE_URL), migrating it first. The password is
// read from standard input (typed without echo on a terminal, or piped: its first line), never
// from an argument, so it stays out of the shell history and the process list.
import { Password, Username } from '../../shared/office-api';
import { openStore, type DatabaseOptions } from '../data/open';
import { ApiError } from '../http/errors';
import { changeAccount, createAccount, type AccountsDeps } from '../services/accounts';

export const ACCOUNT_COMMANDS = ['create-admin', 'set-password', 'disable', 'enable'] as const;
export type AccountCommand = (typeof ACCOUNT_COMMANDS)[number];

export const isAccountCommand = (word: string | undefined): word is AccountCommand =>
  (ACCOUNT_COMMANDS as readonly string[]).includes(word ?? '');

export const ACCOUNT_USAGE =
  '       office-server create-admin USERNAME [DISPLAY NAME]   (password on stdin)\n' +
  '       office-server set-password USERNAME                  (password on stdin)\n' +
  '       office-server disable USERNAME | enable USERNAME\n';

export interface CliIo {
  stdin: NodeJS.ReadStream;
  out: (line: string) => void;
  err: (line: string) => void;
}

const defaultIo: CliIo = {
  stdin: process.stdin,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`office-server: ${line}\n`),
};

/** runs one account command; returns the exit code (0 done, 1 refused, 2 bad usage) */
export async function runAccountCommand(words: string[], db: DatabaseOptions, io: CliIo = defaultIo): Promise<number> {
  const [command, rawName, ...rest] = words;
  if (!isAccountCommand(command) || !rawName || (command !== 'create-admin' && rest.length)) {
    io.err(`usage:\n${ACCOUNT_USAGE}`);
    return 2;
  }
  const username = rawName.trim().toLowerCase();
  const valid = Username.safeParse(username);
  if (!valid.success) {
    io.err(`invalid user name "${rawName}": ${valid.error.issues[0]?.message ?? 'not allowed'}`);
    return 2;
  }
  let password: string | undefined;
  if (command === 'create-admin' || command === 'set-password') {
    try {
      password = await readPassword(io);
    } catch (err) {
      io.err((err as Error).message);
      return 2;
    }
    const ok = Password.safeParse(password);
    if (!ok.success) {
      io.err(`password refused: ${ok.error.issues[0]?.message ?? 'invalid'}`);
      return 2;
    }
  }

  const store = await openStore(db, { migrate: true });
  const deps: AccountsDeps = { store, now: Date.now };
  try {
    if (command === 'create-admin') {
      const displayName = rest.join(' ').trim() || username;
      if (await store.users.getByUsername(username)) {
        io.err(`an account "${username}" exists already: use set-password or enable`);
        return 1;
      }
      const user = await createAccount(deps, 'cli', {
        username,
        displayName,
        role: 'admin',
        teamId: null,
        ...(password !== undefined ? { password } : {}),
      });
      io.out(`created admin ${user.username} (${user.id})`);
      return 0;
    }
    const user = await store.users.getByUsername(username);
    if (!user) {
      io.err(`no account "${username}"`);
      return 1;
    }
    const { endedSessions } = await changeAccount(
      deps,
      'cli',
      user.id,
      command === 'set-password' ? { password: password ?? '' } : { disabled: command === 'disable' },
    );
    const done = command === 'set-password' ? 'password set' : command === 'disable' ? 'disabled' : 'enabled';
    io.out(`${username}: ${done}${endedSessions ? `; ${endedSessions} session(s) ended` : ''}`);
    return 0;
  } catch (err) {
    if (err instanceof ApiError) {
      io.err(`${username}: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    await store.close();
  }
}

/** a terminal: asked twice without echo; a pipe: its first line */
async function readPassword(io: CliIo): Promise<string> {
  const input = io.stdin;
  if (!input.isTTY) {
    let text = '';
    for await (const chunk of input) {
      text += String(chunk);
      if (text.includes('\n')) break;
    }
    return text.split(/\r?\n/)[0] ?? '';
  }
  const first = await ask(input, 'password: ');
  const again = await ask(input, 'password again: ');
  if (first !== again) throw new ApiError(400, 'bad_request', 'the passwords differ');
  return first;
}

function ask(input: NodeJS.ReadStream, prompt: string): Promise<string> {
  process.stderr.write(prompt);
  input.setRawMode(true);
  input.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\u0003') {
          finish();
          reject(new Error('cancelled'));
          return;
        }
        if (ch === '\r' || ch === '\n') {
          finish();
          process.stderr.write('\n');
          resolve(typed);
          return;
        }
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += ch;
      }
    };
    const finish = () => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
    };
    input.on('data', onData);
  });
}
