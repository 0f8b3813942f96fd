import type { Texts } from './engine-en';
import type { noteEn } from './engine-note-en';

/** `engine.note.*` in Simplified Chinese (see engine-note-en.ts). */
export const noteZhCN: Texts<typeof noteEn> = {
  noRules: '没有规则：这里不过滤任何入站流量。',
  noRulesBackend: '{{backend}}：没有规则，这里不过滤任何入站流量。',
  forwardsOut: '{{backend}}：{{where}} 把这个数据包转发到 {{to}}，经 {{oif}} 发出（{{rule}}）：决定它的是 FORWARD 路径，而不是 INPUT。',
  forwards: '{{backend}}：{{where}} 把这个数据包转发到 {{to}}（{{rule}}）：决定它的是 FORWARD 路径，而不是 INPUT。',
  redirectsLocal: '{{backend}}：{{where}} 把这个数据包重定向到本机的 {{to}}（{{rule}}）。',
  noRuleset: '没有规则：没有找到 nftables 或 iptables 规则集。',
  noRulesLoaded: '没有加载任何防火墙规则',
  firewalldZone: 'firewalld 区域 {{zone}}（目标 {{target}}）：端口 [{{ports}}]，服务 [{{services}}]',
  firewalldZoneRich: 'firewalld 区域 {{zone}}（目标 {{target}}）：端口 [{{ports}}]，服务 [{{services}}]，{{rich}} 条富规则',
  ufwRules: 'ufw 中端口 {{port}} 的规则：{{rules}}',
  ufwNoRule: 'ufw 中没有端口 {{port}} 的规则；默认入站策略：{{policy}}',
  nftManaged: '{{backend}}：表 {{table}} 由 iptables-nft 管理，按 iptables-save 的输出判断，而不在这里判断。',
  windowsInterface: '按接口 {{interface}}（{{address}}）及其 {{profile}} 配置文件评估。',
  windowsInterfaceRep:
    '按接口 {{interface}}（{{address}}）及其 {{profile}} 配置文件评估，来源以 {{representative}} 代表其他网络上的客户端。',
  windowsGpo:
    '允许规则 {{rule}} 匹配，但它是本地规则，而组策略为 {{profile}} 配置文件设置了 AllowLocalFirewallRules = False，因此只有组策略规则生效。',
  windowsWrongProfile: '允许规则 {{rule}} 匹配，但只适用于 {{profiles}} 配置文件；此接口属于 {{profile}} 配置文件。',
  windowsBlockWins: '阻止规则 {{block}} 优先于允许规则 {{allow}}：在 Windows 防火墙中，阻止规则胜过任何允许规则。',
  windowsSecureOnly: '允许规则 {{rule}} 匹配，但它只放行经过 IPsec 身份验证的对端（{{requires}}）：未使用 IPsec 的客户端不会被它放行。',
  windowsDisabled: '允许规则 {{rule}} 本可以放行，但它已被禁用。',
  windowsLoopback: 'Windows 防火墙不过滤环回流量。',
  windowsOff: 'Windows 防火墙在 {{profile}} 配置文件下已关闭。',
  windowsBlockAll: '{{profile}} 配置文件阻止所有传入连接，包括允许的应用（AllowInboundRules = False）。',
  windowsProfileUnknown: '接口的配置文件未知；三个配置文件的判定结果相同。',
  windowsRulesPowerShell: '规则由 PowerShell 从 ActiveStore（防火墙实际执行的全部策略存储）读取。',
  windowsRulesNetsh: '规则读取自 netsh advfirewall firewall show rule name=all dir=in verbose，因为 PowerShell 无法读取（{{reason}}）。',
  wfpProducts: '在 Windows 安全中心注册的安全产品：{{products}}。',
  wfpNoProducts: 'Windows 安全中心未列出任何产品；正在运行的已知第三方防火墙/终端防护服务：{{services}}。',
  wfpNoSecurityCenter:
    '无法读取 Windows 安全中心（{{reason}}；Windows Server 没有安全中心）；正在运行的已知第三方防火墙/终端防护服务：{{services}}。',
  wfpUnread: '无法读取筛选平台丢弃事件（5152/5157）：{{reason}}。',
  wfpNotElevated: '未读取筛选平台丢弃事件（5152/5157）：安全日志需要以管理员身份（提升权限）运行检查。',
  wfpAuditOff:
    '过去一小时内没有记录任何筛选平台丢弃事件（5152/5157），因此看不到其他筛选器（杀毒软件、终端防火墙）。如果客户端仍然得不到应答，请临时开启丢弃审核几分钟（{{enable}}；{{show}} 可查看开启前的设置），从客户端重试后再检查一次，然后如果原来是关闭的就再关闭（{{disable}}）。',
  wfpAuditCommand: 'PortDoctor 可以替你完成并撤销这些操作：{{command}}（先预览，更改前会询问；在应用中：第 3 步的“记录被阻止的连接”）。',
  wfpWindowsFilter:
    'Windows 筛选平台记录了 {{count}} 次入站 {{proto}} {{port}} 丢弃（最近一次在 {{last}}），丢弃者为 {{who}}，尽管读取到的规则允许此流量。',
  wfpThirdParty:
    'Windows 防火墙的规则允许此流量，但 Windows 筛选平台记录了 {{count}} 次入站 {{proto}} {{port}} 丢弃（最近一次在 {{last}}）：筛选器 {{id}}“{{name}}”属于 {{provider}}，是第三方软件，由它丢弃。',

  nftManagedPlain: '表 {{table}} 由 iptables-nft 管理，按 iptables-save 的输出判断，而不在这里判断。',
  ingressNoDevice: '{{backend}}{{family}} {{table}} 的链 {{chain}} 是一条 ingress 链，列表没有写出它绑定的设备：按绑定在入站接口上评估。',
  ingressIifUnknown: '{{backend}}{{family}} {{table}} 的链 {{chain}} 过滤 {{devices}}；入站接口未知：按入站接口是其中之一评估。',
  nftRateLimited: '{{backend}}限速：“{{rule}}”（handle {{handle}}）只在速率低于 {{limit}} 时匹配。',
  iptRateLimited:
    '{{backend}}限速：“{{rule}}”（{{chain}} 中的第 {{position}} 条规则）把这个数据包计入速率限制；结论针对未超出限速的客户端。',
  undecidedHandle: '{{backend}}{{where}} handle {{handle}}：“{{rule}}”无法静态判断（{{reason}}）；它不决定任何事（没有裁决动作）。',
  undecidedPosition:
    '{{backend}}{{where}} 中的第 {{position}} 条规则：“{{rule}}”无法静态判断（{{reason}}）；它不决定任何事（没有裁决动作）。',
  eitherWayHandle: '{{backend}}{{where}} handle {{handle}}：“{{rule}}”无法静态判断（{{reason}}）；无论是否匹配，结果都是 {{decision}}。',
  eitherWayPosition:
    '{{backend}}{{where}} 中的第 {{position}} 条规则：“{{rule}}”无法静态判断（{{reason}}）；无论是否匹配，结果都是 {{decision}}。',
  nftNatRedirects: '{{backend}}{{table}} {{chain}} handle {{handle}} 重定向这个数据包（{{rule}}）；没有跟踪它被送往何处。',
  nftNatMayRedirect: '{{backend}}{{table}} {{chain}} handle {{handle}} 可能重定向这个数据包（{{rule}}）；没有跟踪它被送往何处。',
  iptNatRedirects:
    '{{backend}}nat {{chain}} 中的第 {{position}} 条规则重定向这个数据包（{{rule}}）；经过 DNAT 的数据包在 FORWARD 而不是 INPUT 中过滤。',
  iptNatMayRedirect:
    '{{backend}}nat {{chain}} 中的第 {{position}} 条规则可能重定向这个数据包（{{rule}}）；经过 DNAT 的数据包在 FORWARD 而不是 INPUT 中过滤。',
  tie: '{{other}} 也在相同优先级拦下这个数据包（{{decision}}）；两者谁先运行取决于钩子注册的顺序。',
  tieRule: '{{other}} 也在相同优先级拦下这个数据包（{{decision}}：{{rule}}）；两者谁先运行取决于钩子注册的顺序。',
  windowsInterfaceNoProfile: '按接口 {{interface}}（{{address}}）评估，其配置文件未知。',
  windowsInterfaceNoProfileRep:
    '按接口 {{interface}}（{{address}}）评估，其配置文件未知，来源以 {{representative}} 代表其他网络上的客户端。',
  windowsProgram: '允许规则 {{rule}} 针对程序 {{program}}，但监听的程序是 {{listener}}；程序规则只匹配这个确切路径。',
  windowsProgramOther: '允许规则 {{rule}} 针对程序 {{program}}，但监听的是另一个程序；程序规则只匹配这个确切路径。',
  windowsProgramGo:
    '允许规则 {{rule}} 针对程序 {{program}}，但监听的程序是 {{listener}}；程序规则只匹配这个确切路径。`go run` 每次都构建到一个新的临时路径，因此针对某次构建的规则永远匹配不到下一次：请改为放行端口，或构建到固定路径。',
  windowsProgramGoOther:
    '允许规则 {{rule}} 针对程序 {{program}}，但监听的是另一个程序；程序规则只匹配这个确切路径。`go run` 每次都构建到一个新的临时路径，因此针对某次构建的规则永远匹配不到下一次：请改为放行端口，或构建到固定路径。',
  windowsRulesSkipped: '有 {{count}} 条规则无法读取：{{rules}}',
};
