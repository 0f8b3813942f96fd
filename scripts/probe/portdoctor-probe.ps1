# PortDoctor's client probe with nothing to install: Windows PowerShell 5.1 (or PowerShell 7) and .NET's TcpClient.
# Prints one portdoctor.probe/1 document (the shape of `portdoctor probe --json`) for the app or `diagnose --client-report`.
# Usage: powershell -NoProfile -ExecutionPolicy Bypass -File portdoctor-probe.ps1 HOST PORT [TIMEOUT_MS] | Out-File -Encoding utf8 probe.json
# The one-liner in the app and docs/client-probe.md is made from this file (shared/probe/one-liner.ts): it sets $h, $p
# and $t instead of the param line and keeps every other line but comments, joined with "; ", inside & { }.
# So each line is one complete statement (an `else` stays on its `if`'s line).
param([string]$h, [int]$p, [int]$t = 3000)
if ($h -notmatch '^[A-Za-z0-9.:-]+$' -or $p -lt 1 -or $p -gt 65535) { [Console]::Error.WriteLine('portdoctor-probe: give a host name or IP address and a port from 1 to 65535'); return }
# Windows PowerShell 5.1 serialises arrays as {"value":[...],"Count":n} while this type data exists.
Remove-TypeData System.Array -ErrorAction SilentlyContinue
$sw = [Diagnostics.Stopwatch]::StartNew()
$r = [ordered]@{ schema = 'portdoctor.probe/1'; target = [ordered]@{ host = $h; port = $p }; outcome = 'dns-failure'; cause = 'dns-failure'; elapsedMs = 0; addresses = @() }
# Every address of the name (hosts file or DNS, as the system resolves), at most 8; a scope id (%12) is not part of one.
$dnsError = $null; try { $ips = @([Net.Dns]::GetHostAddresses($h) | Select-Object -First 8) } catch { $ips = @(); $x = $_.Exception; while ($x -and -not ($x -is [Net.Sockets.SocketException])) { $x = $x.InnerException }; $dnsCodes = @{ HostNotFound = 'ENOTFOUND'; TryAgain = 'EAI_AGAIN'; NoData = 'ENODATA' }; $dnsError = $dnsCodes["$($x.SocketErrorCode)"]; if (-not $dnsError) { $dnsError = 'EAI_FAIL' } }
$addressOf = { param($ip) $ip.IPAddressToString -replace '%.*$', '' }
$r.addresses = @($ips | ForEach-Object { & $addressOf $_ })
$r.resolution = [ordered]@{ elapsedMs = $sw.ElapsedMilliseconds; addresses = @($ips | ForEach-Object { [ordered]@{ address = (& $addressOf $_); family = 4 + 2 * [int]($_.AddressFamily -eq 'InterNetworkV6') } }); fromHostsFile = $null }
if ($dnsError) { $r.error = $dnsError; $r.resolution.error = $dnsError }
# Socket errors as Node names them, with the outcome they mean for the client.
$codes = @{ ConnectionRefused = 'refused', 'ECONNREFUSED'; ConnectionReset = 'refused', 'ECONNRESET'; TimedOut = 'timeout', 'ETIMEDOUT'; HostUnreachable = 'unreachable', 'EHOSTUNREACH'; NetworkUnreachable = 'unreachable', 'ENETUNREACH'; NetworkDown = 'unreachable', 'ENETDOWN'; AccessDenied = 'unreachable', 'EACCES'; AddressNotAvailable = 'source-exhausted', 'EADDRNOTAVAIL'; AddressAlreadyInUse = 'source-exhausted', 'EADDRINUSE'; NoBufferSpaceAvailable = 'source-exhausted', 'ENOBUFS' }
# One connect per address in order (the first that connects wins, else the first attempt decides), each bounded by $t ms.
$attempts = @(); $chosen = $null
foreach ($ip in $ips) { $c = New-Object Net.Sockets.TcpClient($ip.AddressFamily); $s0 = $sw.ElapsedMilliseconds; $a = [ordered]@{ address = (& $addressOf $ip); outcome = 'timeout'; elapsedMs = 0 }; try { if ($c.ConnectAsync($ip, $p).Wait($t)) { $a.outcome = 'ok'; $a.localAddress = $c.Client.LocalEndPoint.Address.IPAddressToString -replace '%.*$', ''; $a.localPort = $c.Client.LocalEndPoint.Port } else { $a.error = 'ETIMEDOUT' } } catch { $x = $_.Exception; while ($x -and -not ($x -is [Net.Sockets.SocketException])) { $x = $x.InnerException }; $m = $codes["$($x.SocketErrorCode)"]; if ($m) { $a.outcome = $m[0]; $a.error = $m[1] } else { $a.outcome = 'unreachable'; $a.error = "$($x.SocketErrorCode)" } } finally { $c.Close() }; $a.elapsedMs = $sw.ElapsedMilliseconds - $s0; $attempts += $a; if (-not $chosen -or $a.outcome -eq 'ok') { $chosen = $a }; if ($a.outcome -eq 'ok') { break } }
# The route to the address that decided and the source address Windows uses (what the server sees): Find-NetRoute.
if ($chosen) { $r.outcome = $chosen.outcome; $r.remoteAddress = $chosen.address; $r.attempts = $attempts; if ($chosen.error) { $r.error = $chosen.error }; try { $found = @(Find-NetRoute -RemoteIPAddress $chosen.address -ErrorAction Stop); $src = ($found | Where-Object { $_.IPAddress } | Select-Object -First 1).IPAddress; $hop = $found | Where-Object { $_.DestinationPrefix } | Select-Object -First 1; $r.route = [ordered]@{ text = "$($hop.DestinationPrefix) via $($hop.NextHop) dev $($hop.InterfaceAlias) src $src" }; if ($src) { $r.route.sourceAddress = "$src"; $r.localAddress = "$src" } } catch { $r.route = @{ error = "$($_.Exception.Message)".Substring(0, [Math]::Min(200, "$($_.Exception.Message)".Length)) } }; if ($chosen.localAddress) { $r.localAddress = $chosen.localAddress } }
# What a client can prove alone: ok, a name that does not resolve, no route here, no free source port. A refused,
# silent or rejected connect has several server-side causes: unknown until the server's view is joined.
$provable = @{ 'ok' = 'ok'; 'dns-failure' = 'dns-failure'; 'source-exhausted' = 'source-exhausted' }; $r.cause = $provable[$r.outcome]; if ($r.outcome -eq 'unreachable' -and $r.error -eq 'ENETUNREACH') { $r.cause = 'no-route' }; if (-not $r.cause) { $r.cause = 'unknown' }
$r.elapsedMs = $sw.ElapsedMilliseconds
$r | ConvertTo-Json -Depth 6 -Compress
