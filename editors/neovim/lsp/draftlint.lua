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

-- The server: `draftlint` on PATH, else where `pip install --user` (the
-- wheel), Mason and `cargo install` put it, which an editor started from a
-- desktop menu often lacks on its PATH.
local function binary()
  if vim.fn.executable('draftlint') == 1 then
    return 'draftlint'
  end
  local home = vim.uv.os_homedir() or ''
  for _, candidate in ipairs({
    home .. '/.local/bin/draftlint',
    vim.fn.stdpath('data') .. '/mason/bin/draftlint',
    home .. '/.cargo/bin/draftlint',
  }) do
    if vim.fn.executable(candidate) == 1 then
      return candidate
    end
  end
  return 'draftlint'
end

---@type vim.lsp.Config
return {
  cmd = { binary(), 'lsp' },
  -- TOML for rule files: the server checks those with a top-level
  -- `kind =` and leaves other TOML files alone.
  filetypes = { 'text', 'markdown', 'toml' },
  root_markers = { 'draftlint.toml', '.git' },
}
