-- :checkhealth draftlint

local M = {}

function M.check()
  local health = vim.health
  health.start('draftlint')

  if vim.fn.has('nvim-0.11') == 1 then
    health.ok('Neovim ' .. tostring(vim.version()))
  else
    health.error('Neovim 0.11 or newer is needed (vim.lsp.config, vim.lsp.enable)')
    return
  end

  local config = vim.lsp.config.draftlint
  if not config then
    health.error("no `draftlint` LSP config: is editors/neovim on 'runtimepath'?")
    return
  end
  local cmd = config.cmd
  if type(cmd) ~= 'table' then
    health.info('cmd is a function; not checked')
  else
    local bin = cmd[1]
    if vim.fn.executable(bin) == 1 then
      local result = vim.system({ bin, '--version' }, { text = true }):wait(5000)
      if result.code == 0 then
        health.ok(('%s: %s'):format(vim.fn.exepath(bin), vim.trim(result.stdout or '')))
      else
        health.error(('`%s --version` failed: %s'):format(bin, result.stderr or ''))
      end
    else
      health.error(
        ('`%s` is not executable'):format(bin),
        { 'cargo install --path . (in the draftlint repository)', "or set `cmd = { '/path/to/draftlint', 'lsp' }`" }
      )
    end
  end

  if vim.lsp.is_enabled and not vim.lsp.is_enabled('draftlint') then
    health.warn("not enabled: call vim.lsp.enable('draftlint') or require('draftlint').setup()")
  end

  local clients = vim.lsp.get_clients({ name = 'draftlint' })
  if #clients == 0 then
    health.info('no draftlint server running (open a text or Markdown draft)')
  end
  for _, client in ipairs(clients) do
    health.ok(
      ('server %d running (root %s, %d buffer(s), %s positions)'):format(
        client.id,
        client.root_dir or 'none',
        vim.tbl_count(client.attached_buffers),
        client.offset_encoding
      )
    )
  end
end

return M
