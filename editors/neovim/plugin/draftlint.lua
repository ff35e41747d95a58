-- draftlint: commands and per-buffer behaviour. The server configuration is
-- lsp/draftlint.lua; enable it with `vim.lsp.enable('draftlint')` or
-- `require('draftlint').setup()`.

if vim.g.loaded_draftlint then
  return
end
vim.g.loaded_draftlint = true

if vim.fn.has('nvim-0.11') == 0 then
  vim.notify_once('draftlint: Neovim 0.11 or newer is needed', vim.log.levels.WARN)
  return
end

local function draftlint()
  return require('draftlint')
end

vim.api.nvim_create_user_command('DraftlintFixAll', function()
  draftlint().fix_all()
end, { bar = true, desc = 'draftlint: apply every suggested rewrite to this draft' })

vim.api.nvim_create_user_command('DraftlintChecklist', function()
  draftlint().checklist()
end, { bar = true, desc = "draftlint: this draft's five-step checklist" })

vim.api.nvim_create_user_command('DraftlintRules', function()
  draftlint().rules()
end, { bar = true, desc = 'draftlint: the rules in effect (draftlint rules)' })

vim.api.nvim_create_user_command('DraftlintExplain', function(args)
  draftlint().explain(args.args)
end, {
  nargs = '?',
  bar = true,
  desc = 'draftlint: what a rule checks and why (default: the finding under the cursor)',
  complete = function(lead)
    local ids = {}
    for _, d in ipairs(vim.diagnostic.get(0)) do
      if d.source == 'draftlint' and type(d.code) == 'string' and vim.startswith(d.code, lead) then
        ids[d.code] = true
      end
    end
    local list = vim.tbl_keys(ids)
    table.sort(list)
    return list
  end,
})

local group = vim.api.nvim_create_augroup('draftlint', { clear = true })
vim.api.nvim_create_autocmd('LspAttach', {
  group = group,
  callback = function(args)
    local client = vim.lsp.get_client_by_id(args.data.client_id)
    if client and client.name == 'draftlint' then
      draftlint().on_attach(args.buf, client)
    end
  end,
})
vim.api.nvim_create_autocmd('LspDetach', {
  group = group,
  callback = function(args)
    local client = vim.lsp.get_client_by_id(args.data.client_id)
    if client and client.name == 'draftlint' then
      draftlint().on_detach(args.buf)
    end
  end,
})
