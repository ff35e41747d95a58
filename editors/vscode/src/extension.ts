// The draftlint extension: starts `draftlint lsp`, passes the settings on,
// and adds a few commands and a checklist in the status bar. What the
// server does is described in the repository's src/lsp/.

import { execFile } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';

import * as vscode from 'vscode';
import {
  CloseAction,
  DidChangeConfigurationNotification,
  ErrorAction,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  State,
} from 'vscode-languageclient/node';

import { CHECKLIST, EXPLAIN, parseExplanation, parseRules, RULES } from './protocol';
import { DiagnosticLike, isRuleId, RuleRef, ruleOf, uniqueRules } from './ruleDocs';
import { isExecutable, notFoundMessage, Resolution, resolveServerPath } from './serverPath';
import { Mapped, RESTART_KEYS, toServerSettings } from './settings';
import { Checklist, checklistPicks, NOT_FOUND_TEXT, parseChecklist, statusText, statusTooltip } from './status';

const SECTION = 'draftlint';
const DOCS_SCHEME = 'draftlint-docs';
/** Restarts allowed within RESTART_WINDOW_MS before giving up. */
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

/** A client that leaves every notification to the extension: it says what
 *  went wrong once, instead of one message per failed attempt. */
class DraftlintClient extends LanguageClient {
  override error(message: string, data?: unknown, showNotification: boolean | 'force' = true): void {
    super.error(message, data, showNotification === 'force' ? false : showNotification);
  }
}

function firstFolder(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  return folder?.uri.fsPath;
}

function asUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) {
    return arg;
  }
  if (typeof arg === 'string' && arg !== '') {
    try {
      return vscode.Uri.parse(arg, true);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

class Extension implements vscode.Disposable {
  private client: DraftlintClient | undefined;
  private readonly output = vscode.window.createOutputChannel('draftlint');
  private readonly status = vscode.window.createStatusBarItem('draftlint.status', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [];
  private readonly docs = new Map<string, string>();
  private readonly docsChanged = new vscode.EventEmitter<vscode.Uri>();
  /** The last problem announced, so a repeat of it stays quiet. */
  private announced: string | undefined;
  private restarts: number[] = [];
  private checklistTimer: NodeJS.Timeout | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private checklistSeq = 0;
  private failureTimer: NodeJS.Timeout | undefined;
  private failureReason: string | undefined;
  private failureReported = false;
  private starting: Promise<void> | undefined;

  /** `extensionPath`: where the extension is installed; a platform-specific
   *  .vsix carries the server in its `server` folder. */
  constructor(private readonly extensionPath: string) {
    this.status.name = 'draftlint checklist';
    this.disposables.push(
      this.output,
      this.status,
      this.docsChanged,
      vscode.commands.registerCommand('draftlint.restart', () => this.restart(true)),
      vscode.commands.registerCommand('draftlint.showRuleDocs', (rule?: unknown) => this.showRuleDocs(rule)),
      vscode.commands.registerCommand('draftlint.showChecklist', (uri?: unknown) => this.showChecklist(uri)),
      vscode.workspace.registerTextDocumentContentProvider(DOCS_SCHEME, {
        onDidChange: this.docsChanged.event,
        provideTextDocumentContent: (uri) => this.docs.get(uri.toString()) ?? '',
      }),
      vscode.languages.registerCodeActionsProvider(
        [{ scheme: 'file' }, { scheme: 'untitled' }],
        { provideCodeActions: (_doc, _range, context) => this.docsActions(context) },
        { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix.append('docs')] },
      ),
      vscode.workspace.onDidChangeConfiguration((e) => this.onConfiguration(e)),
      vscode.window.onDidChangeActiveTextEditor(() => {
        this.updateContext();
        this.scheduleChecklist(0);
      }),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active !== undefined && e.uris.some((u) => u.toString() === active)) {
          this.scheduleChecklist(100);
        }
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === vscode.window.activeTextEditor?.document && e.contentChanges.length > 0) {
          this.scheduleChecklist(500);
        }
      }),
    );
  }

  dispose(): void {
    clearTimeout(this.checklistTimer);
    clearTimeout(this.restartTimer);
    clearTimeout(this.failureTimer);
    for (const d of this.disposables) {
      d.dispose();
    }
  }

  private config(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION);
  }

  private mapped(): Mapped {
    const c = this.config();
    return toServerSettings(
      {
        builtin: c.get('builtin'),
        packs: c.get('packs'),
        rules: c.get('rules'),
        ruleDirs: c.get('ruleDirs'),
        languages: c.get('languages'),
        exclude: c.get('exclude'),
        fixAllSuggestions: c.get('fixAllSuggestions'),
        lintTimeLimitMs: c.get('lintTimeLimitMs'),
      },
      { workspaceFolder: firstFolder(), home: os.homedir() },
    );
  }

  private resolve(): Resolution {
    return resolveServerPath({
      setting: this.config().get<string>('path') ?? '',
      envPath: process.env.PATH,
      platform: process.platform,
      home: os.homedir(),
      workspaceFolder: firstFolder(),
      pathExt: process.env.PATHEXT,
      bundled: path.join(this.extensionPath, 'server'),
      isExecutable,
    });
  }

  /** Shows `message` unless it is the one shown last (or `always`). */
  private async announce(
    kind: 'error' | 'warning',
    message: string,
    always: boolean,
    ...actions: string[]
  ): Promise<string | undefined> {
    this.output.appendLine(message);
    if (!always && this.announced === message) {
      return undefined;
    }
    this.announced = message;
    const show = kind === 'error' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
    return show(message, ...actions);
  }

  private reportSettings(mapped: Mapped): void {
    if (mapped.problems.length === 0) {
      return;
    }
    const message = `draftlint: some settings are left out: ${mapped.problems.join('; ')}`;
    void this.announce('warning', message, false, 'Open Settings').then((choice) => {
      if (choice === 'Open Settings') {
        void vscode.commands.executeCommand('workbench.action.openSettings', '@ext:draftlint.draftlint');
      }
    });
  }

  async start(explicit: boolean): Promise<void> {
    if (this.starting !== undefined) {
      return this.starting;
    }
    this.starting = this.doStart(explicit).finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async doStart(explicit: boolean): Promise<void> {
    const found = this.resolve();
    if (found.kind !== 'found') {
      this.showMissing(found);
      void this.announce('error', notFoundMessage(found), explicit, 'Open Settings', 'Retry').then((choice) => {
        if (choice === 'Open Settings') {
          void vscode.commands.executeCommand('workbench.action.openSettings', 'draftlint.path');
        } else if (choice === 'Retry') {
          void this.restart(true);
        }
      });
      return;
    }
    this.output.appendLine(`draftlint: starting ${found.path} lsp (found via ${found.from})`);
    const mapped = this.mapped();
    this.reportSettings(mapped);
    const folder = firstFolder();
    const serverOptions: ServerOptions = {
      command: found.path,
      args: ['lsp'],
      options: { cwd: folder, env: process.env },
    };
    const selector = [
      ...mapped.settings.languages.flatMap((language) => [
        { scheme: 'file', language },
        { scheme: 'untitled', language },
      ]),
      // Rule files: the server checks those with a top-level `kind =` and
      // leaves other TOML files alone.
      { scheme: 'file', pattern: '**/*.toml' },
    ];
    let client: DraftlintClient; // assigned below; the handlers run later
    const clientOptions: LanguageClientOptions = {
      documentSelector: selector,
      initializationOptions: mapped.settings,
      outputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      diagnosticCollectionName: 'draftlint',
      initializationFailedHandler: (error) => {
        const reason = error instanceof Error ? error.message : String(error);
        this.noteFailure(client, found.path, `did not start: ${reason}`, true);
        return false;
      },
      errorHandler: {
        error: (_error, _message, count) => ({
          action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown,
          handled: true,
        }),
        closed: () => {
          const now = Date.now();
          this.restarts = [...this.restarts.filter((t) => now - t < RESTART_WINDOW_MS), now];
          if (this.restarts.length <= MAX_RESTARTS) {
            this.output.appendLine('draftlint: the language server stopped; restarting it');
            return { action: CloseAction.Restart, handled: true };
          }
          this.noteFailure(
            client,
            found.path,
            `stopped ${this.restarts.length} times in 3 minutes and is not restarted again`,
            true,
          );
          return { action: CloseAction.DoNotRestart, handled: true };
        },
      },
      middleware: {
        executeCommand: async (command, args, next) => {
          if (command === 'draftlint.checklist') {
            return this.showChecklist(args[0]);
          }
          if (command === 'draftlint.fixAll' && args.length === 0) {
            const doc = vscode.window.activeTextEditor?.document;
            if (doc === undefined || this.client === undefined) {
              void vscode.window.showInformationMessage('draftlint: open a draft to fix it.');
              return undefined;
            }
            args = [this.client.code2ProtocolConverter.asUri(doc.uri)];
          }
          return next(command, args);
        },
      },
    };
    this.failureReason = undefined;
    this.failureReported = false;
    client = new DraftlintClient('draftlint', 'draftlint', serverOptions, clientOptions);
    this.client = client;
    client.onDidChangeState((e) => {
      if (client !== this.client) {
        return;
      }
      void vscode.commands.executeCommand('setContext', 'draftlint.running', e.newState === State.Running);
      if (e.newState === State.Running) {
        this.scheduleChecklist(0);
      } else if (e.newState === State.Stopped) {
        this.showStopped();
        this.noteFailure(client, found.path, 'stopped', false);
      }
    });
    try {
      await client.start();
      this.announced = undefined;
      this.updateContext();
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      this.output.appendLine(`draftlint: the language server did not start: ${text}`);
      this.showStopped();
      this.noteFailure(client, found.path, `did not start: ${text}`, true);
    }
  }

  /** Notes that `client` stopped without being asked to. Its state settles
   *  (a restart may be under way) before one message says why. */
  private noteFailure(client: DraftlintClient, program: string, reason: string, specific: boolean): void {
    if (client !== this.client) {
      return; // stopped on purpose, or replaced
    }
    if (specific || this.failureReason === undefined) {
      this.failureReason = reason;
    }
    clearTimeout(this.failureTimer);
    this.failureTimer = setTimeout(() => {
      if (client !== this.client || this.failureReported || client.state !== State.Stopped) {
        return;
      }
      this.failureReported = true;
      this.showStopped();
      void this.reportFailure(program, this.failureReason ?? 'stopped');
    }, 1500);
  }

  /** Says once why the server is not running, asking the program itself
   *  (`draftlint --version`) since the protocol error says little. */
  private async reportFailure(program: string, what: string): Promise<void> {
    const version = await new Promise<{ ok: boolean; text: string }>((resolve) => {
      execFile(program, ['--version'], { timeout: 5000 }, (err, stdout, stderr) => {
        const text = (err ? stderr.trim() || err.message : stdout.trim()).split('\n')[0] ?? '';
        resolve({ ok: err === null, text });
      });
    });
    const message = version.ok
      ? `draftlint: the language server (${program}, ${version.text}) ${what}. ` +
        'The draftlint output has its messages; "draftlint: Restart the language server" tries again.'
      : `draftlint: ${program} does not run as draftlint: ${version.text}. ` +
        'Set draftlint.path to the draftlint binary, or install it with "cargo install --path ." in a clone of the repository.';
    const choice = await this.announce('error', message, true, 'Show Output', 'Open Settings', 'Restart');
    if (choice === 'Show Output') {
      this.output.show();
    } else if (choice === 'Open Settings') {
      void vscode.commands.executeCommand('workbench.action.openSettings', 'draftlint.path');
    } else if (choice === 'Restart') {
      void this.restart(true);
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.checklistSeq++;
    void vscode.commands.executeCommand('setContext', 'draftlint.running', false);
    if (client !== undefined && client.needsStop()) {
      try {
        await client.stop(2000);
      } catch (error) {
        this.output.appendLine(`draftlint: stopping the server: ${String(error)}`);
      }
    }
    client?.dispose().catch(() => undefined);
  }

  async restart(explicit: boolean): Promise<void> {
    clearTimeout(this.restartTimer);
    this.restarts = [];
    await this.stop();
    this.status.hide();
    await this.start(explicit);
  }

  private onConfiguration(e: vscode.ConfigurationChangeEvent): void {
    if (!e.affectsConfiguration(SECTION)) {
      return;
    }
    if (RESTART_KEYS.some((key) => e.affectsConfiguration(key)) || this.client === undefined) {
      // Typing a path in the settings editor changes it key by key.
      clearTimeout(this.restartTimer);
      this.restartTimer = setTimeout(() => void this.restart(false), 600);
      return;
    }
    const mapped = this.mapped();
    this.reportSettings(mapped);
    if (this.client.isRunning()) {
      void this.client
        .sendNotification(DidChangeConfigurationNotification.type, { settings: { [SECTION]: mapped.settings } })
        .catch((error) => this.output.appendLine(`draftlint: sending settings: ${String(error)}`));
    }
  }

  private isDraft(doc: vscode.TextDocument): boolean {
    if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled') {
      return false;
    }
    const { languages, exclude } = this.mapped().settings;
    if (!languages.includes(doc.languageId)) {
      return false;
    }
    const folders = vscode.workspace.workspaceFolders ?? [];
    return !exclude.some(
      (glob) =>
        vscode.languages.match({ pattern: glob }, doc) > 0 ||
        folders.some((f) => vscode.languages.match({ pattern: new vscode.RelativePattern(f, glob) }, doc) > 0),
    );
  }

  private updateContext(): void {
    const doc = vscode.window.activeTextEditor?.document;
    void vscode.commands.executeCommand('setContext', 'draftlint.activeDraft', doc !== undefined && this.isDraft(doc));
  }

  private showMissing(found: Exclude<Resolution, { kind: 'found' }>): void {
    this.status.text = NOT_FOUND_TEXT;
    this.status.tooltip = notFoundMessage(found);
    this.status.command = 'draftlint.restart';
    this.status.show();
  }

  private showStopped(): void {
    this.status.text = '$(error) draftlint';
    this.status.tooltip = 'draftlint: the language server is not running. Click to restart it.';
    this.status.command = 'draftlint.restart';
    this.status.show();
  }

  private scheduleChecklist(delay: number): void {
    clearTimeout(this.checklistTimer);
    this.checklistTimer = setTimeout(() => void this.refreshChecklist(), delay);
  }

  private async fetchChecklist(uri: vscode.Uri): Promise<Checklist | undefined> {
    const client = this.client;
    if (client === undefined || !client.isRunning()) {
      return undefined;
    }
    const answer = await client.sendRequest(CHECKLIST, {
      uri: client.code2ProtocolConverter.asUri(uri),
    });
    return parseChecklist(answer);
  }

  private async refreshChecklist(): Promise<void> {
    const seq = ++this.checklistSeq;
    const doc = vscode.window.activeTextEditor?.document;
    if (this.client === undefined) {
      return; // the status shows why (not found, stopped) or is hidden
    }
    if (!this.client.isRunning()) {
      return;
    }
    if (doc === undefined || !this.isDraft(doc)) {
      this.status.hide();
      return;
    }
    let checklist: Checklist | undefined;
    try {
      checklist = await this.fetchChecklist(doc.uri);
    } catch {
      checklist = undefined;
    }
    if (seq !== this.checklistSeq) {
      return;
    }
    if (checklist === undefined || checklist.total === 0) {
      this.status.hide();
      return;
    }
    this.status.text = statusText(checklist);
    this.status.tooltip = new vscode.MarkdownString(statusTooltip(checklist));
    this.status.command = { title: 'Show the checklist', command: 'draftlint.showChecklist', arguments: [doc.uri] };
    this.status.show();
  }

  /** The checklist as a quick pick; an open step leads to its finding. */
  private async showChecklist(arg?: unknown): Promise<void> {
    const uri = asUri(arg) ?? vscode.window.activeTextEditor?.document.uri;
    if (uri === undefined) {
      void vscode.window.showInformationMessage('draftlint: open a draft to see its checklist.');
      return;
    }
    let checklist: Checklist | undefined;
    try {
      checklist = await this.fetchChecklist(uri);
    } catch (error) {
      this.output.appendLine(`draftlint: checklist: ${String(error)}`);
    }
    if (checklist === undefined) {
      void vscode.window.showInformationMessage('draftlint: this file is not checked as a draft.');
      return;
    }
    const diagnostics = vscode.languages.getDiagnostics(uri).filter((d) => ruleOf(d as DiagnosticLike) !== undefined);
    const messages = new Map<string, string>();
    for (const d of diagnostics) {
      const ref = ruleOf(d as DiagnosticLike);
      if (ref !== undefined && !messages.has(ref.rule)) {
        messages.set(ref.rule, d.message);
      }
    }
    const picks = checklistPicks(checklist, messages);
    const pick = await vscode.window.showQuickPick(picks, {
      title: `draftlint: ${checklist.done} of ${checklist.total} steps done`,
      placeHolder: 'Pick an open step to go to its finding',
      matchOnDescription: true,
    });
    if (pick === undefined || pick.rules.length === 0) {
      return;
    }
    const target = diagnostics.find((d) => pick.rules.includes(ruleOf(d as DiagnosticLike)?.rule ?? ''));
    if (target !== undefined) {
      const editor = await vscode.window.showTextDocument(uri);
      editor.selection = new vscode.Selection(target.range.start, target.range.end);
      editor.revealRange(target.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
  }

  private docsActions(context: vscode.CodeActionContext): vscode.CodeAction[] {
    return uniqueRules(context.diagnostics.map((d) => ruleOf(d as DiagnosticLike))).map((ref) => {
      const action = new vscode.CodeAction(
        `Show the documentation of ${ref.rule}`,
        vscode.CodeActionKind.QuickFix.append('docs'),
      );
      action.command = { title: action.title, command: 'draftlint.showRuleDocs', arguments: [ref.rule] };
      return action;
    });
  }

  /** Opens a rule's page: the diagnostic's link when it has one, else the
   *  server's `draftlint/explain` answer. */
  private async showRuleDocs(arg?: unknown): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const refs = editor ? vscode.languages.getDiagnostics(editor.document.uri).map((d) => ({ d, ref: ruleOf(d as DiagnosticLike) })) : [];
    let ref: RuleRef | undefined;
    if (typeof arg === 'string' && isRuleId(arg)) {
      ref = refs.find((r) => r.ref?.rule === arg)?.ref ?? { rule: arg };
    } else {
      const here = editor ? refs.filter((r) => r.ref !== undefined && r.d.range.contains(editor.selection.active)) : [];
      const candidates = uniqueRules((here.length > 0 ? here : refs).map((r) => r.ref));
      if (candidates.length === 1) {
        ref = candidates[0];
      } else if (candidates.length > 1) {
        const pick = await vscode.window.showQuickPick(
          candidates.map((c) => ({ label: c.rule, ref: c })),
          { title: 'draftlint: which rule?' },
        );
        ref = pick?.ref;
      } else {
        const rules = await this.listRules(editor?.document.uri);
        const pick = await vscode.window.showQuickPick(rules, { title: 'draftlint: which rule?' });
        ref = pick === undefined ? undefined : { rule: pick };
      }
    }
    if (ref === undefined) {
      return;
    }
    if (ref.target !== undefined) {
      const target = vscode.Uri.parse(ref.target);
      if (target.scheme === 'http' || target.scheme === 'https') {
        await vscode.env.openExternal(target);
        return;
      }
      if (await this.preview(target)) {
        return;
      }
    }
    await this.explain(ref.rule, editor?.document.uri);
  }

  private async preview(uri: vscode.Uri): Promise<boolean> {
    try {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
      return true;
    } catch {
      try {
        await vscode.window.showTextDocument(uri, { preview: true });
        return true;
      } catch {
        return false;
      }
    }
  }

  /** Sends one of draftlint's own requests about document `uri`. */
  private async request(method: string, uri: vscode.Uri | undefined, params: object = {}): Promise<unknown> {
    const client = this.client;
    if (client === undefined || !client.isRunning()) {
      throw new Error('the language server is not running');
    }
    if (uri === undefined) {
      throw new Error('open a draft first');
    }
    return client.sendRequest(method, { uri: client.code2ProtocolConverter.asUri(uri), ...params });
  }

  /** The ids of the rules the server lints document `near` with. */
  private async listRules(near: vscode.Uri | undefined): Promise<string[]> {
    try {
      const rules = parseRules(await this.request(RULES, near));
      if (rules === undefined) {
        throw new Error(`an answer to ${RULES} of the wrong shape`);
      }
      return rules.rules.map((r) => r.id);
    } catch (error) {
      void vscode.window.showErrorMessage(`draftlint: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  }

  /** Shows rule `rule`'s page, as the server has it for document `near`. */
  private async explain(rule: string, near: vscode.Uri | undefined): Promise<void> {
    let text: string;
    try {
      const page = parseExplanation(await this.request(EXPLAIN, near, { rule }));
      if (page === undefined) {
        throw new Error(`an answer to ${EXPLAIN} of the wrong shape`);
      }
      text = page.markdown;
    } catch (error) {
      void vscode.window.showErrorMessage(
        `draftlint: no documentation for ${rule}: ${error instanceof Error ? error.message : String(error)}`,
      );
      return;
    }
    const uri = vscode.Uri.from({ scheme: DOCS_SCHEME, path: `/${rule}.md` });
    this.docs.set(uri.toString(), text);
    this.docsChanged.fire(uri);
    await this.preview(uri);
  }
}

let extension: Extension | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extension = new Extension(context.extensionPath);
  context.subscriptions.push(extension);
  await extension.start(false);
}

export async function deactivate(): Promise<void> {
  await extension?.stop();
  extension = undefined;
}
