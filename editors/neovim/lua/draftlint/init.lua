-- draftlint for Neovim 0.11+: setup, settings and the :Draftlint* commands.
--
-- The language server itself is configured by lsp/draftlint.lua (the native
-- `vim.lsp.config` format); this module only adds to it:
--
--   require('draftlint').setup({
--     cmd = '/path/to/draftlint',            -- or { '/path/to/draftlint', 'lsp' }
--     settings = {                           -- the keys of draftlint.toml, plus
--       rules = { ['keep-it-short'] = { max = 250 }, ['sms-segments'] = 'off' },
--       ['rule-dirs'] = { 'my-rules' },      -- `languages` and `exclude`
--     },
--     codelens = true,                       -- show the checklist on line 1
--     fix_on_save = false,                   -- apply every fix before :write
--   })

local M = {}

local NAME = 'draftlint'
local FIX_ALL_KIND = 'source.fixAll.draftlint'

---@class draftlint.Options
---@field cmd? string|string[] The server command, or the path of the draftlint binary.
---@field settings? table Server settings: `builtin`, `rule-dirs`, `rules`, `languages`, `exclude`.
---@field filetypes? string[] Filetypes to attach to (default: text, markdown, toml for rule files).
---@field root_markers? string[] (default: draftlint.toml, .git)
---@field codelens? boolean Refresh and show the checklist code lens (default: true).
---@field fix_on_save? boolean Apply all fixes before writing a draft (default: false).
---@field timeout_ms? integer How long synchronous requests wait (default: 5000).
---@field enable? boolean Call vim.lsp.enable('draftlint') (default: true).

---@type draftlint.Options
M.options = {
  codelens = true,
  fix_on_save = false,
  timeout_ms = 5000,
  enable = true,
}

local function notify(message, level)
  vim.notify('draftlint: ' .. message, level or vim.log.levels.INFO)
end

local function resolve_buf(bufnr)
  if bufnr == nil or bufnr == 0 then
    return vim.api.nvim_get_current_buf()
  end
  return bufnr
end

--- The draftlint client attached to `bufnr`, if any.
---@param bufnr? integer
---@return vim.lsp.Client?
function M.client(bufnr)
  return vim.lsp.get_clients({ bufnr = resolve_buf(bufnr), name = NAME })[1]
end

--- Settings as the server reads them. Lua cannot tell an empty map from an
--- empty list and Neovim sends `{}` as `[]`, which the server rejects for
--- `rules` (a map); so maps are marked as maps. `rule_dirs` is accepted as
--- an alias of `rule-dirs`.
---@param settings table?
---@return table?
function M.normalize(settings)
  if settings == nil then
    return nil
  end
  local s = vim.deepcopy(settings)
  if s.rule_dirs ~= nil then
    if s['rule-dirs'] == nil then
      s['rule-dirs'] = s.rule_dirs
    end
    s.rule_dirs = nil
  end
  if type(s.rules) ~= 'table' or next(s.rules) == nil then
    s.rules = vim.empty_dict()
  else
    for id, value in pairs(s.rules) do
      if type(value) == 'table' and next(value) == nil then
        s.rules[id] = vim.empty_dict()
      end
    end
  end
  return s
end

--- Sends `settings` to every running draftlint server; it re-lints every
--- open draft with them.
---@param settings table
function M.push_settings(settings)
  local s = M.normalize(settings)
  for _, client in ipairs(vim.lsp.get_clients({ name = NAME })) do
    client.settings = { draftlint = s }
    client:notify('workspace/didChangeConfiguration', { settings = { draftlint = s } })
  end
end

--- Asks for the server's fix-all action and applies it to the buffer, before
--- returning. Returns true when something was fixed.
---@param opts? { bufnr?: integer, quiet?: boolean }
---@return boolean
function M.fix_all(opts)
  opts = opts or {}
  local bufnr = resolve_buf(opts.bufnr)
  local client = M.client(bufnr)
  if not client then
    if not opts.quiet then
      notify('not attached to this buffer', vim.log.levels.WARN)
    end
    return false
  end
  local last = vim.api.nvim_buf_line_count(bufnr)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = {
      start = { line = 0, character = 0 },
      ['end'] = { line = last, character = 0 },
    },
    context = {
      diagnostics = {},
      only = { FIX_ALL_KIND },
      triggerKind = 1, -- Invoked
    },
  }
  local response, err =
    client:request_sync('textDocument/codeAction', params, M.options.timeout_ms, bufnr)
  if not response then
    notify('fix all failed: ' .. tostring(err), vim.log.levels.ERROR)
    return false
  end
  if response.err then
    notify('fix all failed: ' .. tostring(response.err.message), vim.log.levels.ERROR)
    return false
  end
  for _, action in ipairs(response.result or {}) do
    if action.kind == FIX_ALL_KIND then
      if action.edit then
        vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
      end
      if type(action.command) == 'table' then
        client:exec_cmd(action.command, { bufnr = bufnr })
      end
      return true
    end
  end
  if not opts.quiet then
    notify('nothing to fix')
  end
  return false
end

--- Sends one of draftlint's own requests (see src/lsp/ext.rs) about the
--- buffer's document and waits for the answer.
---@param method string
---@param params table the request's parameters besides `uri`
---@param bufnr? integer
---@return table?
local function request(method, params, bufnr)
  bufnr = resolve_buf(bufnr)
  local client = M.client(bufnr)
  if not client then
    notify('not attached to this buffer', vim.log.levels.WARN)
    return nil
  end
  params = vim.tbl_extend('force', { uri = vim.uri_from_bufnr(bufnr) }, params)
  local response, err = client:request_sync(method, params, M.options.timeout_ms, bufnr)
  if not response or response.err then
    local message = response and response.err and response.err.message or err
    notify(('%s failed: %s'):format(method, tostring(message)), vim.log.levels.ERROR)
    return nil
  end
  return response.result
end

---@class draftlint.ChecklistItem
---@field label string
---@field done boolean
---@field rules string[] the rules with findings that keep the step open

---@class draftlint.Checklist `draftlint/checklist`
---@field version integer
---@field summary string
---@field done integer
---@field total integer
---@field items draftlint.ChecklistItem[]

---@class draftlint.Rule one entry of `draftlint/rules`
---@field id string
---@field kind string
---@field level string
---@field step? integer
---@field from string

---@class draftlint.Explanation `draftlint/explain`
---@field rule string
---@field markdown string

--- The five-step checklist of the buffer's draft, from the server's
--- `draftlint/checklist` request.
---@param bufnr? integer
---@return draftlint.Checklist?
function M.checklist_of(bufnr)
  return request('draftlint/checklist', {}, bufnr)
end

--- The checklist as lines of text.
---@param checklist table
---@return string[]
function M.checklist_lines(checklist)
  local lines = {
    ('draftlint checklist: %d of %d done'):format(checklist.done or 0, checklist.total or 0),
  }
  for _, item in ipairs(checklist.items or {}) do
    if item.done then
      table.insert(lines, '✓ ' .. item.label)
    else
      table.insert(lines, '✗ ' .. item.label .. ': ' .. table.concat(item.rules or {}, ', '))
    end
  end
  return lines
end

--- :DraftlintChecklist
function M.checklist()
  local checklist = M.checklist_of(0)
  if checklist then
    local text = table.concat(M.checklist_lines(checklist), '\n'):gsub('^draftlint ', '')
    notify(text)
  end
  return checklist
end

--- Shows `lines` (Markdown) in a scratch window below; `q` closes it.
---@param lines string[]
---@param title string
local function show_lines(lines, title)
  local buf = vim.api.nvim_create_buf(false, true)
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  vim.bo[buf].bufhidden = 'wipe'
  vim.bo[buf].modifiable = false
  vim.bo[buf].filetype = 'markdown'
  pcall(vim.api.nvim_buf_set_name, buf, title)
  vim.cmd('botright split')
  vim.api.nvim_win_set_buf(0, buf)
  vim.api.nvim_win_set_height(0, math.max(3, math.min(#lines + 1, 20)))
  vim.keymap.set('n', 'q', '<cmd>close<cr>', { buffer = buf, nowait = true })
  return lines
end

--- :DraftlintRules: the rules the server lints this draft with (its
--- draftlint.toml, rule folders and the editor's settings), as a table.
function M.rules()
  local answer = request('draftlint/rules', {}, 0)
  if not answer then
    return nil
  end
  local lines = { ('%-22s %-9s %-8s %-5s %s'):format('ID', 'KIND', 'LEVEL', 'STEP', 'FROM') }
  for _, rule in ipairs(answer.rules or {}) do
    local step = rule.step ~= vim.NIL and rule.step or '-'
    table.insert(
      lines,
      ('%-22s %-9s %-8s %-5s %s'):format(rule.id, rule.kind, rule.level, tostring(step), rule.from)
    )
  end
  return show_lines(lines, 'draftlint://rules')
end

--- The rule of the diagnostic under the cursor, if any.
local function rule_at_cursor()
  local row, col = unpack(vim.api.nvim_win_get_cursor(0))
  local best
  for _, d in ipairs(vim.diagnostic.get(0, { lnum = row - 1 })) do
    if d.source == NAME and d.code then
      local end_col = d.end_lnum == d.lnum and d.end_col or math.huge
      if d.col <= col and col <= end_col then
        return d.code
      end
      best = best or d.code
    end
  end
  return best
end

--- :DraftlintExplain [rule]: what a rule checks and why (the page
--- `draftlint explain` prints, from the server), by default for the finding
--- under the cursor.
---@param rule? string
function M.explain(rule)
  rule = (rule and rule ~= '') and rule or rule_at_cursor()
  if not rule then
    notify('no rule given and no draftlint finding under the cursor', vim.log.levels.WARN)
    return nil
  end
  local page = request('draftlint/explain', { rule = rule }, 0)
  if not page then
    return nil
  end
  return show_lines(vim.split(page.markdown, '\n', { trimempty = true }), 'draftlint://explain/' .. rule)
end

--- Per-buffer behaviour once the server attaches (called from
--- plugin/draftlint.lua on LspAttach): the checklist code lens and
--- fix-on-save.
---@param bufnr integer
---@param client vim.lsp.Client
function M.on_attach(bufnr, client)
  local buf_group = vim.api.nvim_create_augroup('draftlint.buf.' .. bufnr, { clear = true })
  if M.options.codelens and client:supports_method('textDocument/codeLens') then
    local function refresh()
      if vim.api.nvim_buf_is_valid(bufnr) and M.client(bufnr) then
        pcall(vim.lsp.codelens.refresh, { bufnr = bufnr })
      end
    end
    refresh()
    vim.api.nvim_create_autocmd({ 'BufEnter', 'InsertLeave', 'TextChanged', 'BufWritePost' }, {
      group = buf_group,
      buffer = bufnr,
      callback = refresh,
    })
  end
  if M.options.fix_on_save then
    vim.api.nvim_create_autocmd('BufWritePre', {
      group = buf_group,
      buffer = bufnr,
      callback = function()
        M.fix_all({ bufnr = bufnr, quiet = true })
      end,
    })
  end
end

---@param bufnr integer
function M.on_detach(bufnr)
  pcall(vim.api.nvim_del_augroup_by_name, 'draftlint.buf.' .. bufnr)
end

--- Configures the server (see the top of this file) and enables it.
---@param opts? draftlint.Options
function M.setup(opts)
  opts = opts or {}
  for key, value in pairs(opts) do
    M.options[key] = value
  end
  local config = {}
  if opts.cmd ~= nil then
    config.cmd = type(opts.cmd) == 'string' and { opts.cmd, 'lsp' } or opts.cmd
  end
  if opts.filetypes ~= nil then
    config.filetypes = opts.filetypes
  end
  if opts.root_markers ~= nil then
    config.root_markers = opts.root_markers
  end
  local settings = M.normalize(opts.settings)
  if settings then
    config.init_options = settings
    config.settings = { draftlint = settings }
  end
  vim.lsp.config(NAME, config)
  if settings then
    M.push_settings(settings)
  end
  if M.options.enable ~= false then
    vim.lsp.enable(NAME)
  end
end

return M
