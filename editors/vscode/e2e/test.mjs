// End-to-end: the packaged extension in a real VS Code (code-server),
// driven through Chromium. Started by e2e/run.sh, which installs
// everything and passes these variables:
//   CODE_SERVER  the code-server program      DRAFTLINT_BIN  the server binary
//   VSIX         the packaged extension       CHROMIUM       the browser
//   VSIX_PLATFORM  the platform-specific .vsix that carries the server
//   ARTIFACTS    where screenshots and logs go
// Four scenarios, each in its own code-server:
// - "draft": open a rough draft, wait for draftlint's problems in the Problems
//   panel, apply a quick fix with Ctrl+. , save and check the file on disk;
//   then the hover, the rule's documentation, the status-bar checklist and
//   "draftlint: Fix all in this draft"; last, a rule file of one's own whose
//   example fails: the Problems panel shows it at its line, and it goes away
//   once the rule is fixed in the editor (and `draftlint test` agrees).
// - "missing": no draftlint anywhere: one notification saying how to
//   install it, and nothing else.
// - "bundled": the platform-specific .vsix checks the draft with the server
//   it carries, with nothing on PATH.
// - "crash": a draftlint.path program that dies at once: one notification.

import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..', '..');
const env = (name) => {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set (run e2e/run.sh)`);
  }
  return value;
};
const CODE_SERVER = env('CODE_SERVER');
const DRAFTLINT_BIN = env('DRAFTLINT_BIN');
const VSIX = env('VSIX');
/** The platform-specific .vsix, which carries the server in `server/`. */
const VSIX_PLATFORM = env('VSIX_PLATFORM');
const CHROMIUM = env('CHROMIUM');
const ARTIFACTS = env('ARTIFACTS');
const TIMEOUT = 60_000;

const started = Date.now();
const log = (message) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
let passed = 0;
let failed = 0;
const check = (ok, what) => {
  if (ok) {
    passed++;
    log(`ok: ${what}`);
  } else {
    failed++;
    log(`FAILED: ${what}`);
  }
};

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, ms) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.ok) {
        return;
      }
    } catch {
      // not up yet
    }
    if (Date.now() > end) {
      throw new Error(`code-server did not answer at ${url}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

const run = fs.mkdtempSync(path.join(os.tmpdir(), 'draftlint-e2e-'));
fs.mkdirSync(ARTIFACTS, { recursive: true });
const stops = [];
process.on('exit', () => stops.forEach((stop) => stop()));

const baseSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.colorTheme': 'Default Light Modern',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'editor.wordWrap': 'on',
  'editor.minimap.enabled': false,
  'editor.fontSize': 14,
  'files.autoSave': 'off',
  'window.commandCenter': false,
};

/** Starts code-server with the .vsix installed and a workspace holding a
 *  copy of the rough draft, opens it in Chromium, runs `steps(page, ctx)`. */
async function scenario(name, { settings, env = {}, vsix = VSIX }, steps) {
  const dir = path.join(run, name);
  const userData = path.join(dir, 'user-data');
  const workspace = path.join(dir, 'workspace');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(workspace, { recursive: true });
  const draft = path.join(workspace, 'first-message.txt');
  fs.copyFileSync(path.join(repo, 'examples', 'first-message.txt'), draft);
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...baseSettings, ...settings }, null, 2));
  // Everything code-server, the extension and the server write stays here.
  const childEnv = {
    ...process.env,
    XDG_CACHE_HOME: path.join(dir, 'cache'),
    XDG_DATA_HOME: path.join(dir, 'data'),
    XDG_CONFIG_HOME: path.join(dir, 'config'),
    // No extension gallery: nothing may leave this machine.
    EXTENSIONS_GALLERY: JSON.stringify({
      serviceUrl: 'http://127.0.0.1:9/gallery',
      itemUrl: 'http://127.0.0.1:9/item',
      resourceUrlTemplate: 'http://127.0.0.1:9/resource/{publisher}/{name}/{version}/{path}',
    }),
    ...env,
  };
  const common = ['--user-data-dir', userData, '--extensions-dir', path.join(dir, 'extensions')];

  log(`[${name}] installing ${path.basename(vsix)} into code-server`);
  const install = spawnSync(CODE_SERVER, [...common, '--install-extension', vsix], { env: childEnv, encoding: 'utf8' });
  check(install.status === 0 && /was successfully installed/.test(install.stdout), `[${name}] code-server --install-extension`);
  if (install.status !== 0) {
    process.stdout.write(install.stdout + install.stderr);
    return;
  }
  const port = await freePort();
  const serverLog = fs.openSync(path.join(ARTIFACTS, `code-server-${name}.log`), 'w');
  const codeServer = spawn(
    CODE_SERVER,
    [
      ...common,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--disable-proxy',
      '--ignore-last-opened',
      workspace,
    ],
    { env: childEnv, stdio: ['ignore', serverLog, serverLog], detached: true },
  );
  const stop = () => {
    try {
      process.kill(-codeServer.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  stops.push(stop);
  let browser;
  let page;
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, TIMEOUT);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage', '--disable-gpu'],
      env: childEnv,
    });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    // Every request the page makes stays on this machine. (Webviews ask for
    // *.vscode-resource.vscode-cdn.net, which VS Code's service worker
    // answers from code-server: those never reach the network.)
    const outside = new Set();
    const away = (request) => {
      const url = new URL(request.url());
      return /^(https?|wss?):$/.test(url.protocol) && url.hostname !== '127.0.0.1' ? url.origin : undefined;
    };
    context.on('response', (response) => {
      const origin = away(response.request());
      if (origin !== undefined && !response.fromServiceWorker()) {
        outside.add(origin);
      }
    });
    context.on('requestfailed', (request) => {
      const origin = away(request);
      if (origin !== undefined) {
        outside.add(origin);
      }
    });
    page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor();
    log(`[${name}] workbench loaded (code-server on port ${port})`);
    // Open the draft from the Explorer (pinned, not a preview tab).
    const item = page.getByRole('treeitem', { name: 'first-message.txt' });
    await item.waitFor();
    await item.dblclick();
    await page.locator('.monaco-editor .view-lines').first().waitFor();
    await page.locator('.tab.active', { hasText: 'first-message.txt' }).waitFor();
    log(`[${name}] draft open`);
    await steps(page, { draft, dir, childEnv });
    check(outside.size === 0, `[${name}] no request left 127.0.0.1 ${[...outside].join(' ')}`);
  } catch (error) {
    failed++;
    log(`FAILED [${name}]: ${error instanceof Error ? error.stack : String(error)}`);
    if (page) {
      await page.screenshot({ path: path.join(ARTIFACTS, `failure-${name}.png`) }).catch(() => undefined);
    }
  } finally {
    await browser?.close().catch(() => undefined);
    stop();
  }
}

/** Opens the Problems panel once draftlint's findings are in: its rows, and
 *  how many of those are draftlint's. */
async function draftlintProblems(page) {
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 300 } });
  await page.keyboard.press('Control+Shift+M');
  const problems = page.locator('.markers-panel .monaco-list-row');
  await problems.filter({ hasText: 'no-non-apology' }).first().waitFor({ timeout: TIMEOUT });
  const rows = await problems.allInnerTexts();
  return { problems, count: rows.filter((r) => /draftlint/.test(r)).length };
}

await scenario('draft', { settings: { 'draftlint.path': DRAFTLINT_BIN } }, async (page, { draft, dir, childEnv }) => {
  const original = fs.readFileSync(draft, 'utf8');
    // The Problems panel lists draftlint's findings.
    const { problems, count } = await draftlintProblems(page);
    check(count >= 5, `the Problems panel lists draftlint findings (${count} rows visible)`);
    for (const rule of ['cooling-off', 'heat-of-the-moment', 'no-blame', 'no-pressure']) {
      check(
        (await problems.filter({ hasText: rule }).count()) > 0 || (await problemsMention(page, rule)),
        `a ${rule} problem is shown`,
      );
    }

    // The checklist in the status bar.
    const status = page.locator('.statusbar-item', { hasText: /draftlint \d+\/\d+/ });
    await status.first().waitFor();
    const statusBefore = (await status.first().innerText()).trim();
    check(/draftlint \d+\/8/.test(statusBefore), `status bar shows the checklist: "${statusBefore}"`);

    // Go to the non-apology and apply its quick fix with Ctrl+. .
    await problems.filter({ hasText: 'no-non-apology' }).first().click();
    await page.waitForTimeout(500);
    await page.locator('.monaco-editor textarea').first().focus();
    await page.keyboard.press('Control+.');
    const menu = page.locator('.action-widget');
    await menu.waitFor();
    const fix = menu.locator('.monaco-list-row', { hasText: 'sorry I made you feel' }).first();
    await fix.waitFor();
    const titles = await menu.locator('.monaco-list-row').allInnerTexts();
    log(`quick fixes offered: ${titles.map((t) => t.trim()).join(' | ')}`);
    check(titles.some((t) => /Disable no-non-apology in this draft/.test(t)), 'a "Disable in this draft" action is offered');
    check(titles.some((t) => /Show the documentation of no-non-apology/.test(t)), 'a "Show the documentation" action is offered');
    await page.mouse.move(1300, 480);
    await page.screenshot({ path: path.join(ARTIFACTS, 'quick-fix.png') });
    // The menu is driven with the keyboard, as a person would after Ctrl+. .
    for (let i = 0; i < titles.length; i++) {
      if ((await menu.locator('.monaco-list-row.focused', { hasText: 'sorry I made you feel' }).count()) > 0) {
        break;
      }
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden' });
    await page.keyboard.press('Control+S');
    const fixed = await waitForFile(draft, (text) => text !== original, TIMEOUT);
    check(fixed.includes("I'm sorry I made you feel ignored"), 'the quick fix is in the saved file');
    check(!fixed.includes('sorry if you felt'), 'the non-apology is gone from the saved file');
    check(
      fixed.split('\n').length === original.split('\n').length &&
        fixed.replace("sorry I made you feel", "sorry if you felt") === original,
      'nothing else in the file changed',
    );

    // Problems update, and the screenshot for the README: editor with
    // squiggles and the checklist lens, Problems panel, status bar.
    const gone = await problems
      .filter({ hasText: '"sorry if you felt"' })
      .first()
      .waitFor({ state: 'detached', timeout: TIMEOUT })
      .then(() => true, () => false);
    check(gone, 'the fixed problem left the Problems panel');
    await page.locator('.monaco-editor textarea').first().focus();
    await page.keyboard.press('Control+Home');
    await page.mouse.move(1300, 480);
    await page.waitForTimeout(1000);
    await page.screenshot({ path: path.join(ARTIFACTS, 'problems.png') });

    // A hover on a finding says why: put the cursor inside the words with
    // Go to Line/Column (Ctrl+G), then Ctrl+K Ctrl+I. The server's hover
    // covers a finding's characters, not the position just after it.
    const lines = fixed.split('\n');
    const callLine = lines.findIndex((l) => l.includes('call me right now'));
    const column = lines[callLine].indexOf('call me right now') + 3;
    await page.mouse.move(5, 5); // no mouse hover over the editor to compete
    await goTo(page, callLine + 1, column);
    const hover = page.locator('.monaco-hover', { hasText: 'step 5 of the guide' }).first();
    let shown = false;
    // A second Ctrl+K Ctrl+I if the first went unanswered (a slow server);
    // Escape first, or the keys would focus a hover already shown.
    for (let attempt = 0; attempt < 2 && !shown; attempt++) {
      if (attempt > 0) {
        await page.keyboard.press('Escape');
      }
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      shown = await hover.waitFor({ timeout: 8_000 }).then(() => true, () => false);
    }
    if (!shown) {
      const hovers = await page.locator('.monaco-hover').allInnerTexts();
      log(`hovers visible: ${JSON.stringify(hovers)}; cursor: ${await cursorAt(page)}`);
    }
    check(shown, 'hovering a finding shows its rule and why (the server\'s hover)');
    await page.waitForTimeout(500); // the hover fades in
    await page.screenshot({ path: path.join(ARTIFACTS, 'hover.png') });
    await page.keyboard.press('Escape');

    // "draftlint: Show the rule's documentation" with the cursor on the finding
    // opens the page the server wrote for the rule.
    await runCommand(page, "draftlint: Show the rule's documentation");
    const docsTab = page.locator('.tab', { hasText: 'no-pressure.md' }).first();
    check(await docsTab.waitFor().then(() => true, () => false), 'the rule documentation opens (no-pressure.md)');
    await page.waitForTimeout(1500);
    await page.screenshot({ path: path.join(ARTIFACTS, 'rule-docs.png') });
    await page.keyboard.press('Control+W');
    await page.locator('.tab.active', { hasText: 'first-message.txt' }).waitFor();

    // The status-bar item opens the checklist; an open step leads to its finding.
    await page.locator('.statusbar-item', { hasText: /draftlint \d+\/\d+/ }).first().click();
    const picks = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    await picks.first().waitFor();
    const labels = (await picks.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    log(`checklist: ${labels.join(' | ')}`);
    check(labels.length === 8 && /calm/.test(labels[0]), 'the checklist lists its eight items, open ones first');
    await page.screenshot({ path: path.join(ARTIFACTS, 'checklist.png') });
    await page.keyboard.press('Enter'); // "calm": the cooling-off finding on line 3
    await page
      .locator('.statusbar-item', { hasText: /Ln 3, Col \d+/ })
      .first()
      .waitFor({ timeout: 10_000 })
      .catch(() => undefined);
    const where = await cursorAt(page);
    check(/^Ln 3,/.test(where), `picking "calm" goes to the cooling-off finding (${where})`);

    // The checklist lens above the first line opens the same list.
    await page.locator('.codelens-decoration a', { hasText: 'calm' }).first().click();
    const title = page.locator('.quick-input-widget .quick-input-title', { hasText: /steps done/ });
    check(await title.waitFor().then(() => true, () => false), 'the checklist lens opens the checklist');
    await page.keyboard.press('Escape');

    // "draftlint: Fix all in this draft" from the command palette.
    await runCommand(page, 'draftlint: Fix all in this draft');
    await page.waitForTimeout(1500);
    await page.keyboard.press('Control+S');
    const all = await waitForFile(draft, (text) => text !== fixed, TIMEOUT);
    // The same rewrites as `draftlint check --fix` on the same text.
    const cli = path.join(dir, 'cli');
    fs.mkdirSync(cli);
    fs.writeFileSync(path.join(cli, 'first-message.txt'), fixed);
    spawnSync(DRAFTLINT_BIN, ['check', '--fix', 'first-message.txt'], { cwd: cli, env: childEnv });
    const expected = fs.readFileSync(path.join(cli, 'first-message.txt'), 'utf8');
    check(expected !== fixed && all === expected, 'Fix all in the editor made the rewrites of `draftlint check --fix`');
    check(!/call me right now/i.test(all), 'Fix all rewrote "call me right now"');
    const statusAfter = page.locator('.statusbar-item', { hasText: /draftlint \d+\/\d+/ }).first();
    await page.waitForTimeout(1500);
    log(`status bar after fix all: "${(await statusAfter.innerText()).trim()}"`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'after-fix-all.png') });
    fs.writeFileSync(path.join(ARTIFACTS, 'fixed-draft.txt'), all);

    // A rule file of one's own, opened from the Explorer: its bad example is
    // not flagged, and the Problems panel says so at the example's line.
    const rules = path.join(path.dirname(draft), 'my-rules');
    fs.mkdirSync(rules);
    const ruleFile = path.join(rules, 'cold.toml');
    const rule = [
      'kind = "avoid"',
      'message = "\\"{match}\\" sounds cold."',
      '',
      '[[avoid]]',
      'phrases = ["whatever"]',
      '',
      '[[example]]',
      'bad = "Fine, do what you like."',
      '',
    ].join('\n');
    fs.writeFileSync(ruleFile, rule);
    await page.getByRole('treeitem', { name: 'my-rules' }).click();
    await page.getByRole('treeitem', { name: 'cold.toml' }).dblclick();
    await page.locator('.tab.active', { hasText: 'cold.toml' }).waitFor();
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 300 } });
    await page.keyboard.press('Control+Shift+M');
    const notFlagged = 'bad example was not flagged';
    const failing = page.locator('.markers-panel .monaco-list-row', { hasText: notFlagged }).first();
    const reported =
      (await failing.waitFor({ timeout: TIMEOUT }).then(() => true, () => false)) ||
      (await problemsMention(page, notFlagged));
    const row = reported ? (await failing.innerText()).replace(/\s+/g, ' ').trim() : '';
    check(
      /Fine, do what you like/.test(row) && /rule-file/.test(row) && /Ln 7\b/.test(row),
      `the Problems panel shows the rule file's failing example at its [[example]] line: "${row}"`,
    );
    await page.mouse.move(1300, 480);
    await page.screenshot({ path: path.join(ARTIFACTS, 'rule-file.png') });

    // Add "fine" to the phrases: the example passes as soon as it is typed.
    // Click the line, go before its "]" and type (insertText, not type: a
    // typed quote would be auto-closed).
    await page.locator('.monaco-editor .view-line', { hasText: 'phrases = ["whatever"]' }).first().click();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.insertText(', "fine"');
    await page.locator('.monaco-editor .view-line', { hasText: 'phrases = ["whatever", "fine"]' }).first().waitFor();
    const passes = await failing.waitFor({ state: 'detached', timeout: TIMEOUT }).then(() => true, () => false);
    check(passes, 'the failing example left the Problems panel once "fine" was typed');
    const passing = page.locator('.codelens-decoration', { hasText: /1 example passes/ }).first();
    check(await passing.waitFor().then(() => true, () => false), 'the lens says the example passes');
    await page.keyboard.press('Control+S');
    const saved = await waitForFile(ruleFile, (text) => text !== rule, TIMEOUT);
    check(saved === rule.replace('["whatever"]', '["whatever", "fine"]'), 'the saved rule file has "fine" in its phrases');
    const test = spawnSync(DRAFTLINT_BIN, ['test', 'my-rules'], { cwd: path.dirname(draft), env: childEnv, encoding: 'utf8' });
    check(test.status === 0, `\`draftlint test\` passes on the saved rule file: ${test.stdout.trim()}`);
});

// No draftlint.path, nothing on PATH or in ~/.cargo/bin: one notification.
const pathWithout = (process.env.PATH ?? '')
  .split(':')
  .filter((d) => d !== '' && !fs.existsSync(path.join(d, 'draftlint')))
  .join(':');
await scenario(
  'missing',
  { settings: {}, env: { PATH: pathWithout, HOME: path.join(run, 'missing', 'home') } },
  async (page) => {
    const toasts = page.locator('.notifications-toasts .notification-toast');
    const toast = toasts.filter({ hasText: 'cargo install --path .' }).first();
    await toast.waitFor();
    const text = (await toast.innerText()).replace(/\s+/g, ' ');
    log(`[missing] notification: ${text}`);
    check(/draftlint\.path/.test(text) && /PATH/.test(text), '[missing] the notification names PATH and draftlint.path');
    // Let the editor settle and poke it: typing and reopening must not bring
    // more messages.
    await page.locator('.monaco-editor textarea').first().focus();
    await page.keyboard.type('Hello. ');
    await page.waitForTimeout(4000);
    const all = await toasts.allInnerTexts();
    const ours = all.filter((t) => /draftlint/i.test(t));
    check(ours.length === 1, `[missing] exactly one draftlint notification (${ours.length}; ${all.length} in all)`);
    const status = page.locator('.statusbar-item', { hasText: 'draftlint' }).first();
    check(await status.isVisible(), '[missing] the status bar shows draftlint is missing');
    await page.screenshot({ path: path.join(ARTIFACTS, 'missing.png') });
  },
);

// The platform-specific .vsix, with no draftlint.path, nothing on PATH and
// no ~/.cargo/bin: the server it carries checks the draft.
await scenario(
  'bundled',
  { settings: {}, env: { PATH: pathWithout, HOME: path.join(run, 'bundled', 'home') }, vsix: VSIX_PLATFORM },
  async (page) => {
    const { count } = await draftlintProblems(page);
    check(count >= 5, `[bundled] the server in the .vsix lists findings with nothing on PATH (${count} rows)`);
    const status = page.locator('.statusbar-item', { hasText: /draftlint \d+\/\d+/ });
    await status.first().waitFor();
    const shown = (await status.first().innerText()).trim();
    check(/draftlint \d+\/8/.test(shown), `[bundled] the status bar shows the checklist: "${shown}"`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'bundled.png') });
  },
);

// A draftlint.path program that dies at once: one message that says so, not
// one per attempt.
const crashing = path.join(run, 'crashing-draftlint');
fs.writeFileSync(crashing, '#!/bin/sh\necho "draftlint: broken on purpose by the e2e test" >&2\nexit 3\n', { mode: 0o755 });
await scenario('crash', { settings: { 'draftlint.path': crashing } }, async (page) => {
  const toasts = page.locator('.notifications-toasts .notification-toast');
  await toasts.filter({ hasText: 'draftlint' }).first().waitFor();
  await page.waitForTimeout(4000);
  const all = (await toasts.allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
  log(`[crash] notifications: ${all.join(' | ')}`);
  check(all.filter((t) => /draftlint/i.test(t)).length === 1, `[crash] exactly one notification (${all.length})`);
  check(all.join(' ').includes(crashing) && /broken on purpose/.test(all.join(' ')), '[crash] it names the program and what it said');
  await page.screenshot({ path: path.join(ARTIFACTS, 'crash.png') });
});

fs.rmSync(run, { recursive: true, force: true });
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

async function runCommand(page, title) {
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget .quick-input-box input.input');
  await input.waitFor();
  await input.fill('>' + title);
  const [category, name] = title.split(': ');
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: name })
    .filter({ hasText: category })
    .first()
    .waitFor();
  await page.keyboard.press('Enter');
}

/** Moves the cursor to `line`:`column` (1-based) with Go to Line/Column, and
 *  waits until the status bar says it is there. A step that times out is
 *  logged, not thrown: the check that needs the position says what failed,
 *  and the scenario's other checks still run. */
async function goTo(page, line, column) {
  const at = new RegExp(`\\bLn ${line}, Col ${column}(?!\\d)`);
  try {
    await page.locator('.monaco-editor textarea').first().focus();
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget .quick-input-box input.input');
    await input.waitFor({ timeout: 10_000 });
    await input.fill(`:${line}:${column}`);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
    await page.locator('.statusbar-item', { hasText: at }).first().waitFor({ timeout: 10_000 });
  } catch (error) {
    log(`going to ${line}:${column} did not finish (${error instanceof Error ? error.message.split('\n')[0] : error}); cursor: ${await cursorAt(page)}`);
  }
}

/** The cursor's position as the status bar shows it. */
async function cursorAt(page) {
  const position = page.locator('.statusbar-item', { hasText: /Ln \d+, Col \d+/ }).first();
  return (await position.innerText().catch(() => '?')).trim();
}

async function problemsMention(page, text) {
  // The panel's list is virtual: scroll through it looking for `text`.
  const list = page.locator('.markers-panel .monaco-list');
  for (let i = 0; i < 20; i++) {
    if ((await page.locator('.markers-panel .monaco-list-row', { hasText: text }).count()) > 0) {
      return true;
    }
    await list.hover();
    await page.mouse.wheel(0, 200);
    await page.waitForTimeout(100);
  }
  return false;
}

async function waitForFile(file, test, ms) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    // The same text twice in a row: a save can be caught half-written (the
    // file truncated, not yet filled), and that text differs from the old.
    const text = fs.readFileSync(file, 'utf8');
    if ((test(text) && text === last) || Date.now() > end) {
      return text;
    }
    last = text;
    await new Promise((r) => setTimeout(r, 200));
  }
}
