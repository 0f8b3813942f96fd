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
        'Note that published ports are matched after DNAT, so the port there is the container\'s port.',
      commands: [`iptables -I DOCKER-USER ${source}-p ${choices.protocol} -m conntrack --ctorigdstport ${choices.port} -j RETURN`, 'iptables -L DOCKER-USER -n --line-numbers'],
    },
    { title: 'Or publish the port differently', text: `Check how the container publishes it (docker ps; docker port <container>), e.g. -p ${choices.port}:<container port> for ${scopeWords(scope)}.` },
  ];
  return plan;
}
