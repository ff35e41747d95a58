-- draftlint language server, in Neovim 0.11+'s native `vim.lsp.config` format.
--
-- With this plugin on 'runtimepath', `vim.lsp.enable('draftlint')` is all it
-- takes. Override any field with `vim.lsp.config('draftlint', { ... })`, e.g.
-- `cmd = { '/path/to/draftlint', 'lsp' }`, or call
-- `require('draftlint').setup({ ... })`.
--
-- Settings are the keys of draftlint.toml (`builtin`, `rule-dirs`, `rules`)
-- plus `languages` and `exclude`, given as `init_options` (read at start) or
-- `settings = { draftlint = { ... } }` (sent after start and on change with
-- workspace/didChangeConfiguration).

---@type vim.lsp.Config
return {
  cmd = { 'draftlint', 'lsp' },
  filetypes = { 'text', 'markdown' },
  root_markers = { 'draftlint.toml', '.git' },
}
