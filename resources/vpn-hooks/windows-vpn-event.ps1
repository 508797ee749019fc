# Windows: tells Teleworker a VPN connection changed. Task Scheduler runs it (windows-vpn-task.xml)
# when Windows logs a VPN or network connection event, as each signed-in user, so the command reaches
# that user's app over its named pipe.
#   RasClient 20225: a dial-up/VPN connection was established  -> up
#   RasClient 20226: a dial-up/VPN connection ended           -> down
#   NetworkProfile 10000 / 10001: a network connected / disconnected (third-party VPN adapters)
param([int]$EventId = 0)
$direction = switch ($EventId) {
  20225 { 'up' }
  10000 { 'up' }
  20226 { 'down' }
  10001 { 'down' }
  default { 'up' } # unknown: a re-check costs nothing
}
# The install's own command before anything on PATH: the per-machine install (NSIS /allusers, MSI),
# then a per-user one.
$bin = $env:TELEWORKER_BIN
if (-not $bin) {
  $bin = @(
    (Join-Path $env:ProgramFiles 'Teleworker\resources\bin\teleworker.cmd'),
    (Join-Path $env:LOCALAPPDATA 'Programs\Teleworker\resources\bin\teleworker.cmd')
  ) | Where-Object { Test-Path -LiteralPath $_ } | Select-Object -First 1
}
if (-not $bin) { $bin = 'teleworker' }
try {
  & $bin vpn-event $direction | Out-Null
} catch {
  # never fail the task in a way that retries; the app's own checks still run
}
exit 0
