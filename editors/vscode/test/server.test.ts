// The settings as mapped by the extension, read by the real server. Runs
// when a built `draftlint` is found (DRAFTLINT_BIN, or the repository's
// target/debug or target/release); skipped otherwise.

import * as assert from 'node:assert/strict';
import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';

import { toServerSettings } from '../src/settings';
import { parseChecklist, statusText } from '../src/status';

const repo = path.resolve(__dirname, '..', '..', '..', '..');
const binary = [
  process.env.DRAFTLINT_BIN,
  path.join(repo, 'target', 'debug', 'draftlint'),
  path.join(repo, 'target', 'release', 'draftlint'),
].find((p): p is string => p !== undefined && p !== '' && fs.existsSync(p));

type Message = { id?: number; method?: string; params?: any; result?: any; error?: any };

class Server {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private waiters: { test: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  readonly seen: Message[] = [];
  readonly process: ChildProcessWithoutNullStreams;

  constructor(program: string, cwd: string) {
    this.process = spawn(program, ['lsp'], { cwd, env: { ...process.env, XDG_CACHE_HOME: cwd } });
    this.process.stdout.on('data', (chunk: Buffer) => this.read(chunk));
  }

  private read(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString())?.[1]);
      if (this.buffer.length < end + 4 + length) return;
      const message: Message = JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString('utf8'));
      this.buffer = this.buffer.subarray(end + 4 + length);
      this.seen.push(message);
      if (message.method === 'client/registerCapability' || message.method === 'workspace/codeLens/refresh') {
        this.send({ id: message.id, result: null } as Message);
      }
      this.waiters = this.waiters.filter((w) => (w.test(message) ? (w.resolve(message), false) : true));
    }
  }

  send(message: Message): void {
    const body = JSON.stringify({ jsonrpc: '2.0', ...message });
    this.process.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  wait(test: (m: Message) => boolean, ms = 15000): Promise<Message> {
    const found = this.seen.find(test);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for the server')), ms);
      this.waiters.push({ test, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  }

  async request(method: string, params: unknown): Promise<Message> {
    const id = this.nextId++;
    this.send({ id, method, params });
    return this.wait((m) => m.id === id && m.method === undefined);
  }

  notify(method: string, params: unknown): void {
    this.send({ method, params });
  }
}

describe('the settings reach the server', { skip: binary === undefined ? 'no built draftlint (cargo build)' : false }, () => {
  let dir: string;
  let server: Server;
  let uri: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'draftlint-vscode-'));
    server = new Server(binary!, dir);
    const draft = path.join(dir, 'draft.txt');
    fs.copyFileSync(path.join(repo, 'examples', 'first-message.txt'), draft);
    uri = pathToFileURL(draft).href;
    const { settings, problems } = toServerSettings({
      rules: { 'keep-it-short': { max: 10 }, 'no-blame': 'off', 'caring-opener': { inFirst: 3, level: 'Error' } },
      languages: ['plaintext', 'markdown'],
    });
    assert.deepEqual(problems, []);
    const init = await server.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      capabilities: {},
      initializationOptions: settings,
    });
    assert.equal(init.error, undefined, JSON.stringify(init.error));
    server.notify('initialized', {});
    server.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'plaintext', version: 1, text: fs.readFileSync(draft, 'utf8') },
    });
  });

  after(() => {
    server?.process.kill();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lints with the mapped rule settings', async () => {
    const published = await server.wait((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri);
    const codes = published.params.diagnostics.map((d: { code: string }) => d.code);
    assert.ok(codes.includes('keep-it-short'), codes.join(', '));
    assert.ok(!codes.includes('no-blame'), codes.join(', '));
    const opener = published.params.diagnostics.find((d: { code: string }) => d.code === 'caring-opener');
    assert.equal(opener?.severity, 1, 'caring-opener is an error');
    const short = published.params.diagnostics.find((d: { code: string }) => d.code === 'keep-it-short');
    assert.match(short.message, /under 10/);
  });

  it('answers draftlint/checklist in the shape the status bar reads', async () => {
    const answer = await server.request('draftlint/checklist', { uri });
    const checklist = parseChecklist(answer.result);
    assert.ok(checklist, JSON.stringify(answer));
    assert.match(statusText(checklist), /^\$\(checklist\) draftlint \d\/8$/);
  });

  it('takes new settings from workspace/didChangeConfiguration', async () => {
    const before = server.seen.length;
    const { settings } = toServerSettings({ rules: { 'keep-it-short': 'off' } });
    server.notify('workspace/didChangeConfiguration', { settings: { draftlint: settings } });
    const published = await server.wait(
      (m) => server.seen.indexOf(m) >= before && m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri,
    );
    const codes = published.params.diagnostics.map((d: { code: string }) => d.code);
    assert.ok(!codes.includes('keep-it-short'), codes.join(', '));
    assert.ok(codes.includes('no-blame'), 'no-blame is back on: ' + codes.join(', '));
  });
});
