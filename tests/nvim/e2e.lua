-- End-to-end test of the Neovim plugin against the real server, in a real
-- Neovim (0.11+). Run by tests/it/neovim.rs:
--
--   nvim --clean --headless -n -i NONE -u tests/nvim/init.lua \
--     -c 'luafile tests/nvim/e2e.lua' -c 'cquit 2'
--
-- with DRAFTLINT_PLUGIN (editors/neovim), DRAFTLINT_BIN (the binary) and
-- DRAFTLINT_TEST_DIR (a scratch folder holding draft.txt, a copy of
-- examples/first-message.txt). Everything goes through Neovim's own LSP
-- client and the plugin's commands, as a person would use them; the CLI on
-- the same text is the reference for every diagnostic. Exits 0 after
-- printing "all N checks passed", or non-zero with the failed check.

local bin = assert(os.getenv('DRAFTLINT_BIN'), 'DRAFTLINT_BIN is not set')
local dir = assert(os.getenv('DRAFTLINT_TEST_DIR'), 'DRAFTLINT_TEST_DIR is not set')
local draft = dir .. '/draft.txt'
local TIMEOUT = 15000

local checks = 0

local function log(message)
  io.stdout:write('draftlint-nvim: ' .. message .. '\n')
  io.stdout:flush()
end

--- Fails the test unless `condition`; `...` formats the message.
local function check(condition, message, ...)
  checks = checks + 1
  if not condition then
    local args = {}
    for i = 1, select('#', ...) do
      local a = select(i, ...)
      args[i] = type(a) == 'string' and a or vim.inspect(a)
    end
    error(message:format(unpack(args, 1, select('#', ...))), 2)
  end
end

--- Waits (running Neovim's event loop) until `condition()` holds.
local function wait_for(what, condition, describe)
  local ok = vim.wait(TIMEOUT, condition, 20)
  checks = checks + 1
  if not ok then
    error(('timed out after %d ms waiting for %s%s'):format(
      TIMEOUT,
      what,
      describe and ('\n' .. describe()) or ''
    ), 2)
  end
end

-- Messages shown with vim.notify, and no interactive prompts.
local notes = {}
vim.notify = function(message, level)
  table.insert(notes, { message = tostring(message), level = level })
  log('notify: ' .. tostring(message))
end
vim.ui.select = function(items, _, _)
  error(('vim.ui.select was asked to choose among %d items: apply should have found one'):format(#items))
end

local function lines(bufnr)
  return vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
end

--- The text Neovim sends to the server (with the final line break).
local function text_of(bufnr)
  local text = table.concat(lines(bufnr), '\n')
  if vim.bo[bufnr].eol or vim.bo[bufnr].fixeol then
    text = text .. '\n'
  end
  return text
end

local severity = {
  error = vim.diagnostic.severity.ERROR,
  warning = vim.diagnostic.severity.WARN,
  info = vim.diagnostic.severity.INFO,
  hint = vim.diagnostic.severity.HINT,
}

local function draftlint_diagnostics(bufnr)
  return vim.tbl_filter(function(d)
    return d.source == 'draftlint'
  end, vim.diagnostic.get(bufnr))
end

--- "rule@start-end/severity" for each diagnostic in Neovim, with byte
--- offsets into the buffer's text, sorted.
local function nvim_keys(bufnr)
  local starts, at = {}, 0
  for i, line in ipairs(lines(bufnr)) do
    starts[i] = at
    at = at + #line + 1
  end
  local function offset(lnum, col)
    return (starts[lnum + 1] or at) + col
  end
  local keys = {}
  for _, d in ipairs(draftlint_diagnostics(bufnr)) do
    table.insert(
      keys,
      ('%s@%d-%d/%d'):format(
        d.code,
        offset(d.lnum, d.col),
        offset(d.end_lnum or d.lnum, d.end_col or d.col),
        d.severity
      )
    )
  end
  table.sort(keys)
  return keys
end

--- Runs the CLI in the draft's folder.
local function cli(args, stdin)
  local result = vim
    .system(vim.list_extend({ bin }, args), {
      cwd = dir,
      stdin = stdin,
      text = true,
      env = { NO_COLOR = '1' },
    })
    :wait(TIMEOUT)
  return result
end

--- The same keys as nvim_keys, from `draftlint check --format json` on
--- `text`, as if it were the file at `path`.
local function cli_keys(text, path)
  local result = cli(
    { 'check', '--format', 'json', '--fail-level', 'never', '--stdin-filename', path, '-' },
    text
  )
  check(result.code == 0, 'draftlint check failed (%s): %s', result.code, result.stderr)
  local keys = {}
  for _, d in ipairs(vim.json.decode(result.stdout).diagnostics) do
    table.insert(
      keys,
      ('%s@%d-%d/%d'):format(d.rule, d.start.offset, d['end'].offset, severity[d.level])
    )
  end
  table.sort(keys)
  return keys
end

local function difference(a, b)
  local count = {}
  for _, k in ipairs(b) do
    count[k] = (count[k] or 0) + 1
  end
  local out = {}
  for _, k in ipairs(a) do
    if (count[k] or 0) > 0 then
      count[k] = count[k] - 1
    else
      table.insert(out, k)
    end
  end
  return out
end

--- Waits until Neovim shows exactly what the CLI finds in the buffer's text.
local function wait_like_cli(bufnr, why)
  local expected = cli_keys(text_of(bufnr), vim.api.nvim_buf_get_name(bufnr))
  wait_for(why .. ': the diagnostics the CLI finds', function()
    return vim.deep_equal(nvim_keys(bufnr), expected)
  end, function()
    local got = nvim_keys(bufnr)
    return ('only in Neovim: %s\nonly from the CLI: %s'):format(
      vim.inspect(difference(got, expected)),
      vim.inspect(difference(expected, got))
    )
  end)
  return expected
end

local function count(bufnr, rule)
  return #vim.tbl_filter(function(d)
    return d.code == rule
  end, draftlint_diagnostics(bufnr))
end

local function first(bufnr, rule)
  for _, d in ipairs(draftlint_diagnostics(bufnr)) do
    if d.code == rule then
      return d
    end
  end
  error('no ' .. rule .. ' diagnostic', 2)
end

--- Applies the one code action `filter` keeps, with the cursor at the
--- diagnostic's start, through vim.lsp.buf.code_action; waits for the buffer
--- to change unless the action is a command (`edits == false`).
local function apply_action(bufnr, diagnostic, filter, edits)
  vim.api.nvim_win_set_cursor(0, { diagnostic.lnum + 1, diagnostic.col })
  local tick = vim.b[bufnr].changedtick
  local chosen = 0
  vim.lsp.buf.code_action({
    apply = true,
    filter = function(action)
      local keep = filter(action)
      chosen = chosen + (keep and 1 or 0)
      return keep
    end,
  })
  wait_for('the code actions', function()
    return chosen > 0
  end)
  check(chosen == 1, '%d code actions matched', chosen)
  if edits ~= false then
    wait_for('the code action to edit the buffer', function()
      return vim.b[bufnr].changedtick ~= tick
    end)
  end
end

local function step(name)
  log('step: ' .. name)
end

local function run()
  local draftlint = require('draftlint')
  check(vim.fn.exists(':DraftlintFixAll') == 2, 'plugin/draftlint.lua did not define :DraftlintFixAll')

  step('open a rough draft; the server attaches')
  -- A workspace: draftlint.toml is a root marker, so every draft here
  -- shares one server.
  local config = dir .. '/draftlint.toml'
  vim.fn.writefile({ '# The test workspace.' }, config)
  vim.cmd.edit(vim.fn.fnameescape(draft))
  local bufnr = vim.api.nvim_get_current_buf()
  check(vim.bo[bufnr].filetype == 'text', 'filetype is %s, not text', vim.bo[bufnr].filetype)
  wait_for('draftlint to attach', function()
    return draftlint.client(bufnr) ~= nil
  end)
  local client = assert(draftlint.client(bufnr))
  check(client.config.cmd[1] == bin, 'cmd is %s', client.config.cmd)
  check(
    client.root_dir and vim.uv.fs_realpath(client.root_dir) == vim.uv.fs_realpath(dir),
    'root_dir is %s, not %s',
    client.root_dir,
    dir
  )
  local encoding = os.getenv('DRAFTLINT_ENCODING')
  encoding = (encoding and encoding ~= '') and encoding or 'utf-8'
  check(client.offset_encoding == encoding, 'position encoding %s, not %s', client.offset_encoding, encoding)
  log('position encoding: ' .. client.offset_encoding)
  -- Neovim cannot be asked to pull again after a reload (no
  -- refreshSupport), so the server pushes diagnostics to it instead.
  check(
    client.server_capabilities.diagnosticProvider == nil,
    'the server offers pull diagnostics: %s',
    client.server_capabilities.diagnosticProvider
  )
  check(
    vim.tbl_contains(client.config.filetypes, 'markdown'),
    'filetypes: %s',
    client.config.filetypes
  )
  wait_for('diagnostics', function()
    return #draftlint_diagnostics(bufnr) > 0
  end)

  step('diagnostics: rule ids and positions')
  local original = lines(bufnr)
  local initial = wait_like_cli(bufnr, 'on open')
  for _, rule in ipairs({
    'cooling-off',
    'caring-opener',
    'heat-of-the-moment',
    'no-non-apology',
    'no-blame',
    'not-overbearing',
    'no-pressure',
    'propose-follow-up',
  }) do
    check(count(bufnr, rule) > 0, 'no %s diagnostic', rule)
  end
  -- examples/first-message.txt line 3 `last-contact: 2026-11-25`, the date.
  local cooling = first(bufnr, 'cooling-off')
  check(
    cooling.lnum == 2 and cooling.col == 14 and cooling.end_lnum == 2 and cooling.end_col == 24,
    'cooling-off at %s',
    { cooling.lnum, cooling.col, cooling.end_lnum, cooling.end_col }
  )
  check(cooling.severity == vim.diagnostic.severity.WARN, 'cooling-off severity %s', cooling.severity)
  -- Line 10: `Look, I'm sorry if you felt ignored, ...`
  local apology = first(bufnr, 'no-non-apology')
  check(
    apology.lnum == 9 and apology.col == 10 and apology.end_col == 27,
    'no-non-apology at %s',
    { apology.lnum, apology.col, apology.end_col }
  )
  check(
    original[10]:sub(apology.col + 1, apology.end_col) == 'sorry if you felt',
    'no-non-apology underlines %s',
    original[10]:sub(apology.col + 1, apology.end_col)
  )
  check(apology.message:find('non%-apology') ~= nil, 'message: %s', apology.message)

  step('hover names the rule')
  vim.api.nvim_win_set_cursor(0, { apology.lnum + 1, apology.col + 2 })
  local hover = vim.lsp.buf_request_sync(
    bufnr,
    'textDocument/hover',
    vim.lsp.util.make_position_params(0, client.offset_encoding),
    TIMEOUT
  )
  local hover_text = vim.inspect(hover)
  check(hover_text:find('no%-non%-apology') ~= nil, 'hover: %s', hover_text)

  step('quick fix at the cursor through vim.lsp.buf.code_action')
  local blame_before = count(bufnr, 'no-blame')
  apply_action(bufnr, apology, function(action)
    return action.isPreferred == true
  end)
  local expected_line = original[10]:gsub('sorry if you felt', 'sorry I made you feel', 1)
  check(lines(bufnr)[10] == expected_line, 'line 10 after the fix: %s', lines(bufnr)[10])
  for i, line in ipairs(lines(bufnr)) do
    if i ~= 10 then
      check(line == original[i], 'line %d changed: %s', i, line)
    end
  end
  local after_fix = wait_like_cli(bufnr, 'after the quick fix')
  check(count(bufnr, 'no-non-apology') == 0, 'no-non-apology is still reported')
  check(count(bufnr, 'no-blame') == blame_before, 'no-blame: %d, was %d', count(bufnr, 'no-blame'), blame_before)
  -- Only the fixed finding goes: the "but you always ..." after it still
  -- takes the apology back, so `apologize` and `sorry-but` stay.
  local function rules_of(keys)
    return vim.tbl_map(function(k)
      return k:match('^[^@]+')
    end, keys)
  end
  local gone = difference(rules_of(initial), rules_of(after_fix))
  table.sort(gone)
  check(vim.deep_equal(gone, { 'no-non-apology' }), 'gone after the fix: %s', gone)

  step('"Disable RULE in this draft" edits the front matter')
  apply_action(bufnr, first(bufnr, 'not-overbearing'), function(action)
    return action.title == 'Disable not-overbearing in this draft'
  end)
  check(
    vim.tbl_contains(lines(bufnr), 'disable: [not-overbearing]'),
    'front matter: %s',
    vim.list_slice(lines(bufnr), 1, 6)
  )
  wait_like_cli(bufnr, 'after disabling not-overbearing in the draft')
  check(count(bufnr, 'not-overbearing') == 0, 'not-overbearing is still reported')

  step('"Disable RULE in this workspace" writes draftlint.toml; diagnostics follow')
  apply_action(bufnr, first(bufnr, 'heat-of-the-moment'), function(action)
    return action.title == 'Disable heat-of-the-moment in this workspace'
  end, false)
  local toml
  wait_for('draftlint.toml to change', function()
    toml = table.concat(vim.fn.readfile(config), '\n')
    return toml:find('[rules]', 1, true) ~= nil
  end)
  check(toml:find('heat%-of%-the%-moment = "off"') ~= nil, 'draftlint.toml: %s', toml)
  wait_for('heat-of-the-moment to go', function()
    return count(bufnr, 'heat-of-the-moment') == 0
  end)
  wait_like_cli(bufnr, 'after disabling heat-of-the-moment in the workspace')

  step('checklist: the custom request, :DraftlintChecklist and the code lens')
  local checklist = assert(draftlint.checklist_of(bufnr))
  check(checklist.total == 8 and #checklist.items == 8, 'checklist: %s', checklist)
  local done = #vim.tbl_filter(function(i)
    return i.done
  end, checklist.items)
  check(checklist.done == done and done < 7, 'checklist done: %s', checklist)
  check(checklist.summary:find('✗ opener') ~= nil, 'summary: %s', checklist.summary)
  notes = {}
  vim.cmd('DraftlintChecklist')
  check(
    #notes == 1 and notes[1].message:find('✗ opener: [^\n]*caring%-opener') ~= nil,
    ':DraftlintChecklist showed %s',
    notes
  )
  wait_for('the checklist code lens', function()
    local lenses = vim.lsp.codelens.get(bufnr)
    return #lenses > 0 and lenses[1].command ~= nil
  end)
  local lens = vim.lsp.codelens.get(bufnr)[1]
  check(
    lens.command.command == 'draftlint.checklist' and lens.range.start.line == 0,
    'code lens: %s',
    lens
  )

  step(':DraftlintFixAll applies the edits of `draftlint check --fix`, and no sentence')
  local before = text_of(bufnr)
  local fixed = cli({ 'check', '--fix', '--fail-level', 'never', '--stdin-filename', draft, '-' }, before)
  check(fixed.code == 0, 'draftlint check --fix failed: %s', fixed.stderr)
  vim.cmd('DraftlintFixAll')
  local edited = text_of(bufnr)
  check(edited ~= before, ':DraftlintFixAll changed nothing')
  check(edited == fixed.stdout, 'after :DraftlintFixAll:\n%s\n\n`draftlint check --fix`:\n%s', edited, fixed.stdout)
  check(edited:find('sorry I made you feel', 1, true) ~= nil, 'no rewrite after fixing all:\n%s', edited)
  check(edited:find('How have you been?', 1, true) == nil, 'fix all added a suggested sentence:\n%s', edited)
  local settled = cli({ 'check', '--fix', '--fail-level', 'never', '--stdin-filename', draft, '-' }, edited)
  check(settled.stdout == edited, 'a second `draftlint check --fix` changed the text')

  step('with fix-all-suggestions, :DraftlintFixAll adds no sentence around words only the writer can change')
  draftlint.setup({ settings = { ['fix-all-suggestions'] = true } })
  local held =
    cli({ 'check', '--fix-suggestions', '--fail-level', 'never', '--stdin-filename', draft, '-' }, edited)
  check(held.stdout == edited, '`draftlint check --fix-suggestions` added sentences:\n%s', held.stdout)
  check(held.stderr:find('held back', 1, true) ~= nil, 'no word of what was held back: %s', held.stderr)

  step('on a calm draft, :DraftlintFixAll also adds the sentences, like --fix-suggestions')
  -- The same front matter, and a body with nothing left to rewrite.
  local all = lines(bufnr)
  local close = 2
  while all[close] ~= nil and all[close] ~= '---' do
    close = close + 1
  end
  check(all[1] == '---' and all[close] == '---', 'no front matter in:\n%s', text_of(bufnr))
  local front = table.concat(vim.list_slice(all, 1, close), '\n')
  local calm = front .. '\nSam,\n\nI saw you at the party on Friday and you walked right past me. I didn\'t always feel heard.\n'
  vim.api.nvim_buf_set_lines(bufnr, 0, -1, false, vim.split(calm:sub(1, -2), '\n'))
  check(text_of(bufnr) == calm, 'the calm draft in the buffer:\n%s', text_of(bufnr))
  wait_like_cli(bufnr, 'in the calm draft')
  local suggested =
    cli({ 'check', '--fix-suggestions', '--fail-level', 'never', '--stdin-filename', draft, '-' }, calm)
  -- Fix all changes nothing until the setting has reached the server.
  wait_for('fix all to add the suggested sentences', function()
    vim.cmd('DraftlintFixAll')
    return text_of(bufnr) ~= calm
  end)
  local after = text_of(bufnr)
  check(after == suggested.stdout, 'after :DraftlintFixAll:\n%s\n\n`draftlint check --fix-suggestions`:\n%s', after, suggested.stdout)
  for _, phrase in ipairs({ 'How have you been?', "I'm sorry for the past.", 'Can I call you this weekend?' }) do
    check(after:find(phrase, 1, true) ~= nil, 'no %q after fixing all', phrase)
  end
  wait_like_cli(bufnr, 'after :DraftlintFixAll')
  for _, rule in ipairs({ 'caring-opener', 'apologize', 'propose-follow-up' }) do
    check(count(bufnr, rule) == 0, '%s is reported after fixing all', rule)
  end
  notes = {}
  vim.cmd('DraftlintFixAll')
  check(text_of(bufnr) == after, 'a second :DraftlintFixAll changed the text')
  -- Back to the fixed rough draft for the steps below.
  vim.api.nvim_buf_set_lines(bufnr, 0, -1, false, vim.split(edited:sub(1, -2), '\n'))
  wait_like_cli(bufnr, 'back in the rough draft')

  step('setup({ settings }) pushes settings to the running server')
  local blame = count(bufnr, 'no-blame')
  check(blame > 0, 'no no-blame finding left to switch off')
  local others = #draftlint_diagnostics(bufnr) - blame
  draftlint.setup({ settings = { rules = { ['no-blame'] = 'off' } } })
  wait_for('no-blame to go after the settings change', function()
    return count(bufnr, 'no-blame') == 0
  end)
  check(#draftlint_diagnostics(bufnr) == others, 'other diagnostics changed with the settings')
  check(#vim.lsp.get_clients({ name = 'draftlint' }) == 1, 'setup() started a second server')

  step(':DraftlintRules and :DraftlintExplain')
  vim.cmd('DraftlintRules')
  local rules = table.concat(lines(0), '\n')
  check(rules:find('no%-pressure') and rules:find('ID'), ':DraftlintRules shows %s', rules)
  -- The server's rules: no-blame was turned off in the settings above.
  check(not rules:find('no%-blame'), ':DraftlintRules ignores the settings: %s', rules)
  vim.cmd('close')
  vim.cmd('DraftlintExplain no-pressure')
  local explain = table.concat(lines(0), '\n')
  check(explain:find('no%-pressure') ~= nil, ':DraftlintExplain shows %s', explain)
  vim.cmd('close')
  check(vim.api.nvim_get_current_buf() == bufnr, 'not back in the draft')

  step('a Markdown draft, with emoji and accents: positions and a fix')
  local note = dir .. '/note.md'
  vim.fn.writefile({ '# Hi 💛', '', 'Ça va? 👋 Call me right now.', '', 'Not `call me right now` here.' }, note)
  vim.cmd.edit(vim.fn.fnameescape(note))
  local md = vim.api.nvim_get_current_buf()
  check(vim.bo[md].filetype == 'markdown', 'filetype is %s, not markdown', vim.bo[md].filetype)
  wait_for('diagnostics in the Markdown draft', function()
    return count(md, 'no-pressure') > 0
  end)
  wait_like_cli(md, 'in Markdown')
  for _, d in ipairs(draftlint_diagnostics(md)) do
    check(d.code ~= 'no-pressure' or d.lnum == 2, 'no-pressure in a code span: %s', d)
  end
  check(#vim.lsp.get_clients({ name = 'draftlint' }) == 1, 'a second server for the Markdown draft')
  local pressure = first(md, 'no-pressure')
  check(
    lines(md)[3]:sub(pressure.col + 1, pressure.end_col) == 'Call me right now',
    'no-pressure underlines %s',
    lines(md)[3]:sub(pressure.col + 1, pressure.end_col)
  )
  apply_action(md, pressure, function(action)
    return action.isPreferred == true
  end)
  check(lines(md)[3] == "Ça va? 👋 Call me whenever you're ready.", 'after the fix: %s', lines(md)[3])
  wait_like_cli(md, 'after the fix in Markdown')
  vim.cmd('buffer ' .. bufnr)

  step('a rule file: a failing example is shown at its line')
  vim.fn.mkdir(dir .. '/my-rules', 'p')
  local rule = dir .. '/my-rules/sleepy.toml'
  vim.fn.writefile({
    'kind = "avoid"',
    'message = "sleepy"',
    '[[avoid]]',
    'phrases = ["sleepy dog"]',
    '',
    '[[example]]',
    'bad = "A tired cat."',
  }, rule)
  vim.cmd.edit(vim.fn.fnameescape(rule))
  local rb = vim.api.nvim_get_current_buf()
  check(vim.bo[rb].filetype == 'toml', 'filetype is %s, not toml', vim.bo[rb].filetype)
  wait_for('the failing example on the rule file', function()
    return count(rb, 'rule-file') == 1
  end)
  local failing = first(rb, 'rule-file')
  check(
    failing.lnum == 5 and failing.message:find('bad example was not flagged', 1, true) ~= nil,
    'the rule file shows %s',
    failing
  )
  check(#vim.lsp.get_clients({ name = 'draftlint' }) == 1, 'a second server for the rule file')
  vim.cmd('buffer ' .. bufnr)

  step(':checkhealth draftlint')
  vim.cmd('checkhealth draftlint')
  local health = table.concat(lines(0), '\n')
  check(
    health:find('draftlint 0%.') and health:find('server %d+ running') and not health:find('ERROR'),
    ':checkhealth draftlint shows %s',
    health
  )
  vim.cmd('bwipeout')
  vim.cmd('buffer ' .. bufnr)

  step('the server stops cleanly')
  client:stop()
  wait_for('the server to stop', function()
    return client:is_stopped() and #vim.lsp.get_clients({ name = 'draftlint' }) == 0
  end)
end

local ok, err = xpcall(run, debug.traceback)
if ok then
  log(('all %d checks passed'):format(checks))
  vim.cmd('qall!')
else
  io.stderr:write('draftlint-nvim: FAILED: ' .. tostring(err) .. '\n')
  io.stderr:flush()
  vim.cmd('cquit 1')
end
