import { endpoint } from '../../net/address';
import type { FixPlan } from '../../schemas/firewall';
import { basePlan, protoPort, scopeWords } from './plan-base';
import type { FixChoices, FixContext, Scope } from './types';

/** Chains Docker rewrites on every container start: edits there vanish or break Docker's own NAT. */
export function isDockerChain(chain: string | undefined): boolean {
  return chain !== undefined && /^DOCKER/.test(chain) && chain !== 'DOCKER-USER';
}

/** Explain the DOCKER-USER chain instead of editing Docker's chains; nothing runs. */
export function planDockerExplanation(ctx: FixContext, choices: FixChoices, scope: Scope): FixPlan {
  const plan = basePlan(ctx, choices, scope, ctx.verdict?.backend ?? 'iptables-nft', 'explain');
  const chain = ctx.verdict?.rule?.chain ?? ctx.verdict?.policy?.chain ?? 'DOCKER';
  plan.summary = `Docker's own chain ${chain} decides for ${protoPort(choices)}; PortDoctor does not edit Docker's chains.`;
  const source = scope.any ? '' : `-s ${scope.text} `;
  plan.guidance = [
    {
      title: 'Use the DOCKER-USER chain',
      text:
        'Docker rebuilds its DOCKER* chains whenever a container starts, and rules there can break its NAT. Rules for published ports belong in DOCKER-USER, which Docker evaluates first and never touches. ' +
        "Note that published ports are matched after DNAT, so the port there is the container's port.",
      commands: [
        `iptables -I DOCKER-USER ${source}-p ${choices.protocol} -m conntrack --ctorigdstport ${choices.port} -j RETURN`,
        'iptables -L DOCKER-USER -n --line-numbers',
      ],
    },
    {
      title: 'Or publish the port differently',
      text: `Check how the container publishes it (docker ps; docker port <container>), e.g. -p ${choices.port}:<container port> for ${scopeWords(scope)}.`,
    },
  ];
  return plan;
}

/**
 * A DNATed packet (a Docker published port, a port forward) that the FORWARD path stops: explained with the commands
 * for DOCKER-USER (Docker's chain for the admin's rules) or the FORWARD chain; nothing runs. After the DNAT the packet
 * carries the container's port, so the rule matches the port the client used through conntrack (--ctorigdstport).
 */
export function planForwardExplanation(ctx: FixContext, choices: FixChoices, scope: Scope): FixPlan {
  const v = ctx.verdict;
  const plan = basePlan(ctx, choices, scope, v?.backend ?? 'iptables-nft', 'explain');
  const f = v?.forwarded;
  const to = f ? endpoint(f.to, f.port) : 'another address';
  const where = v?.rule
    ? `${v.rule.chain} rule ${v.rule.position ?? v.rule.handle ?? ''}`.trim()
    : `the ${v?.policy?.chain ?? 'FORWARD'} policy`;
  const verb = v?.decision === 'reject' ? 'rejects' : 'drops';
  plan.summary = `${protoPort(choices)} is forwarded to ${to} (DNAT: ${f?.rule.text ?? 'nat PREROUTING'}), and ${where} ${verb} it on the FORWARD path; PortDoctor explains this change instead of making it.`;
  const source = scope.any ? '' : `-s ${scope.text} `;
  const tool = f?.to.includes(':') ? 'ip6tables' : 'iptables';
  const docker = v?.rule?.chain === 'DOCKER-USER' || isDockerChain(v?.rule?.chain ?? v?.policy?.chain) || /^docker|^br-/.test(f?.oif ?? '');
  if (v?.backend === 'nftables') {
    // nftables forward chain: the same match on the port the client used (`ct original proto-dst`), before the rule.
    const [family = 'inet', table = 'filter'] = (v.rule?.table ?? v.policy?.table ?? 'inet filter').split(' ');
    const chain = v.rule?.chain ?? v.policy?.chain ?? 'forward';
    const saddr = scope.any ? '' : `${f?.to.includes(':') ? 'ip6' : 'ip'} saddr ${scope.text} `;
    const at =
      v.rule?.handle !== undefined
        ? `insert rule ${family} ${table} ${chain} position ${v.rule.handle}`
        : `add rule ${family} ${table} ${chain}`;
    plan.guidance = [
      {
        title: 'Accept it in the forward chain',
        text: `Accept the forwarded connection before ${where}, matched on the port clients use through conntrack.`,
        commands: [`nft ${at} ${saddr}meta l4proto ${choices.protocol} ct original proto-dst ${choices.port} accept`],
      },
    ];
    return plan;
  }
  plan.guidance = docker
    ? [
        {
          title: 'Let it through in DOCKER-USER',
          text:
            "Docker evaluates DOCKER-USER first for every forwarded packet and never rewrites it. RETURN hands the packet back to Docker's own rules, which accept published ports. " +
            (v?.rule?.chain === 'DOCKER-USER' ? `If ${where} is your own blocking rule, removing it is the other way.` : ''),
          commands: [
            `${tool} -I DOCKER-USER ${source}-p ${choices.protocol} -m conntrack --ctorigdstport ${choices.port} -j RETURN`,
            ...(v?.rule?.chain === 'DOCKER-USER' && v.rule.position
              ? [`${tool} -D DOCKER-USER ${v.rule.position}   # only if that rule is yours and not needed`]
              : []),
            `${tool} -L DOCKER-USER -n --line-numbers`,
          ],
        },
      ]
    : [
        {
          title: 'Accept it on the FORWARD path',
          text: `Insert an accept before ${where}, for the forwarded destination ${to}.`,
          commands: [
            `${tool} -I ${v?.rule?.chain ?? 'FORWARD'} ${v?.rule?.position ?? 1} ${source}-p ${choices.protocol} -m conntrack --ctorigdstport ${choices.port} -j ACCEPT`,
          ],
        },
      ];
  return plan;
}
