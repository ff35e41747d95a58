-- The user config for the end-to-end test (`nvim --clean -u tests/nvim/init.lua`):
-- what a person writes to use the plugin, plus where the test's binary is.
--
--   DRAFTLINT_PLUGIN    the plugin folder (editors/neovim)
--   DRAFTLINT_BIN       the draftlint binary under test
--   DRAFTLINT_ENCODING  optional: the only position encoding Neovim offers
--                       (utf-16 tests the server's conversions; Neovim
--                       otherwise offers utf-8 first)

local plugin = assert(os.getenv('DRAFTLINT_PLUGIN'), 'DRAFTLINT_PLUGIN is not set')
local bin = assert(os.getenv('DRAFTLINT_BIN'), 'DRAFTLINT_BIN is not set')

vim.opt.runtimepath:prepend(plugin)
vim.opt.swapfile = false

vim.lsp.config('draftlint', { cmd = { bin, 'lsp' } })

local encoding = os.getenv('DRAFTLINT_ENCODING')
if encoding and encoding ~= '' then
  vim.lsp.config('draftlint', {
    capabilities = { general = { positionEncodings = { encoding } } },
  })
end

vim.lsp.enable('draftlint')
